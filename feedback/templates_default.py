"""The default surveys staff start from: one for training courses, one for exhibitions' visitors, one for
exhibiting teams. Each question is (kind, Vietnamese, English, choices vi, choices en, measure)."""

from .models import Measure, QuestionKind, SurveyAudience

COURSE = {
    "title": ("Khảo sát sau lớp tập huấn", "Feedback on the training course"),
    "intro": (
        "Cảm ơn anh/chị đã tham gia. Ý kiến của anh/chị giúp chúng tôi tổ chức các lớp sau tốt hơn.",
        "Thank you for taking part. Your answers help us run the next courses better.",
    ),
    "questions": [
        (
            QuestionKind.RATING,
            "Mức độ hài lòng chung của anh/chị về lớp tập huấn",
            "Overall, how satisfied are you with the course?",
            "",
            "",
            Measure.SATISFACTION,
            True,
        ),
        (
            QuestionKind.RATING,
            "Nội dung lớp tập huấn hữu ích cho công việc của anh/chị",
            "How useful was the content for your work?",
            "",
            "",
            Measure.NONE,
            False,
        ),
        (
            QuestionKind.RATING,
            "Giảng viên truyền đạt dễ hiểu",
            "How clear was the trainer?",
            "",
            "",
            Measure.NONE,
            False,
        ),
        (
            QuestionKind.SINGLE,
            "Anh/chị có giới thiệu lớp tập huấn cho đồng nghiệp không?",
            "Would you recommend the course to a colleague?",
            "Có\nCó thể\nKhông",
            "Yes\nMaybe\nNo",
            Measure.NONE,
            False,
        ),
        (
            QuestionKind.MULTIPLE,
            "Anh/chị muốn được tập huấn thêm về chủ đề nào?",
            "Which topics would you like more training on?",
            "Ươm tạo khởi nghiệp\nSở hữu trí tuệ\nGọi vốn đầu tư\nChính sách hỗ trợ\nChuyển đổi số",
            "Startup incubation\nIntellectual property\nRaising investment\n"
            "Support policies\nDigital transformation",
            Measure.NONE,
            False,
        ),
        (QuestionKind.TEXT, "Góp ý khác của anh/chị", "Any other comments?", "", "", Measure.NONE, False),
    ],
}

EXHIBITION = {
    "title": ("Khảo sát sau sự kiện", "Feedback on the event"),
    "intro": (
        "Cảm ơn anh/chị đã đến tham quan. Xin dành một phút cho vài câu hỏi.",
        "Thank you for visiting. Please take a minute to answer a few questions.",
    ),
    "questions": [
        (
            QuestionKind.RATING,
            "Mức độ hài lòng chung của anh/chị về sự kiện",
            "Overall, how satisfied are you with the event?",
            "",
            "",
            Measure.SATISFACTION,
            True,
        ),
        (
            QuestionKind.SINGLE,
            "Anh/chị đã kết nối được với dự án khởi nghiệp nào chưa?",
            "Did you connect with a startup project?",
            "Có\nChưa",
            "Yes\nNot yet",
            Measure.NONE,
            False,
        ),
        (
            QuestionKind.MULTIPLE,
            "Điều gì anh/chị thấy hữu ích nhất?",
            "What was most useful to you?",
            "Gian trưng bày\nPhiên trình bày (pitching)\nGặp gỡ kết nối\nHội thảo",
            "Booths\nPitching sessions\nMatchmaking meetings\nTalks",
            Measure.NONE,
            False,
        ),
        (QuestionKind.TEXT, "Góp ý khác của anh/chị", "Any other comments?", "", "", Measure.NONE, False),
    ],
}

EXHIBITOR = {
    "title": ("Khảo sát dành cho đơn vị trưng bày", "Survey for exhibiting teams"),
    "intro": (
        "Kết quả kết nối thị trường của nhóm anh/chị giúp chương trình đo lường hiệu quả hỗ trợ.",
        "Your team's market-connection results help the programme measure its support.",
    ),
    "questions": [
        (
            QuestionKind.NUMBER,
            "Số khách hàng tiềm năng (leads) nhóm đã thu thập",
            "How many leads did your team gather?",
            "",
            "",
            Measure.LEADS,
            True,
        ),
        (
            QuestionKind.NUMBER,
            "Số cuộc gặp kết nối nhóm đã thực hiện",
            "How many meetings did your team hold?",
            "",
            "",
            Measure.MEETINGS,
            True,
        ),
        (
            QuestionKind.RATING,
            "Sự kiện hữu ích cho dự án của anh/chị ở mức nào?",
            "How useful was the event for your project?",
            "",
            "",
            Measure.USEFULNESS,
            True,
        ),
        (
            QuestionKind.MULTIPLE,
            "Nhóm đã gặp những đối tượng nào?",
            "Whom did your team meet?",
            "Khách hàng\nNhà đầu tư\nChuyên gia\nĐối tác quốc tế",
            "Customers\nInvestors\nExperts\nInternational partners",
            Measure.NONE,
            False,
        ),
        (
            QuestionKind.TEXT,
            "Góp ý cho ban tổ chức",
            "Suggestions for the organisers",
            "",
            "",
            Measure.NONE,
            False,
        ),
    ],
}


def default_template(*, is_course: bool, audience: str) -> dict:
    if audience == SurveyAudience.EXHIBITORS:
        return EXHIBITOR
    return COURSE if is_course else EXHIBITION
