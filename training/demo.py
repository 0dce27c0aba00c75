"""Demo courses, completions, certificates and a nomination link (a `events.extensions.demo_seeders`
entry for seed_demo, run after checkin's, so past classes already have their check-ins).

Each of the demo's course events gets its `Course` row: topic by audience, the organisation kinds that may
enrol (events.demo.data.COURSE_KINDS, the same kinds the demo signs up), trainers, learning outcomes in
Vietnamese and English, the 80% rule and the certificate's signer. Courses that are over are evaluated
through `course_evaluate_completion`, dated the morning after their last class, oldest first, so
certificates are numbered per year in the order they were issued. Trainers and signers are invented
people; the bodies they work for are the real ones that run the plan.
"""

import datetime
from collections import Counter
from typing import NamedTuple

from django.conf import settings
from django.db.models import F, Max, Q
from django.utils import timezone, translation

from events.demo.data import COURSE_KINDS, DemoContext, summary_line
from events.enums import Audience

from .enums import CourseTopic
from .models import Certificate, Completion, Course, NominationInvite
from .services import course_evaluate_completion

DOST = "Giám đốc Sở Khoa học và Công nghệ TP.HCM"
SIHUB = "Giám đốc Trung tâm Khởi nghiệp Đổi mới sáng tạo TP.HCM"


class CourseSpec(NamedTuple):
    trainers: tuple[str, ...]
    outcomes_vi: str
    outcomes_en: str
    signer_name: str
    signer_title: str


COURSES: dict[str, CourseSpec] = {
    "tap-huan-chinh-sach-ho-tro-dmst-2024-2028": CourseSpec(
        trainers=(
            "ThS. Nguyễn Hoàng Minh (Sở Khoa học và Công nghệ TP.HCM)",
            "TS. Trần Thị Bích Ngọc (Viện Nghiên cứu Phát triển TP.HCM)",
        ),
        outcomes_vi=(
            "Nắm được mục tiêu và nhiệm vụ của kế hoạch hỗ trợ đổi mới sáng tạo giai đoạn 2024–2028.\n"
            "Áp dụng đúng tiêu chí hỗ trợ dự án ở giai đoạn tiền ươm tạo, ươm tạo và tăng tốc.\n"
            "Lập hồ sơ xét chọn và báo cáo kết quả hỗ trợ theo mẫu của thành phố."
        ),
        outcomes_en=(
            "Know the goals and tasks of the 2024–2028 innovation support plan.\n"
            "Apply the support criteria for pre-incubation, incubation and acceleration projects.\n"
            "Prepare selection files and report support results on the city's forms."
        ),
        signer_name="Lâm Quốc Thịnh",
        signer_title=DOST,
    ),
    "quan-ly-kinh-phi-nhiem-vu-khcn-dmst": CourseSpec(
        trainers=(
            "ThS. Phạm Văn Đức (Phòng Kế hoạch – Tài chính, Sở Khoa học và Công nghệ TP.HCM)",
            "CN. Đỗ Thị Thanh Thảo (Kế toán viên hành nghề)",
        ),
        outcomes_vi=(
            "Hiểu khung pháp lý về nhiệm vụ khoa học và công nghệ dùng để hỗ trợ dự án đổi mới sáng tạo.\n"
            "Lập và thẩm định dự toán kinh phí hỗ trợ đúng định mức.\n"
            "Thực hiện giải ngân, quyết toán và lưu hồ sơ theo quy định."
        ),
        outcomes_en=(
            "Understand the legal framework of the science and technology tasks that fund innovation.\n"
            "Prepare and appraise support budgets within the norms.\n"
            "Disburse, settle and file support funds as the rules require."
        ),
        signer_name="Lâm Quốc Thịnh",
        signer_title=DOST,
    ),
    "nang-cao-nang-luc-uom-tao": CourseSpec(
        trainers=(
            "TS. Lê Minh Khoa (Trung tâm Khởi nghiệp Đổi mới sáng tạo TP.HCM)",
            "ThS. Huỳnh Ngọc Quỳnh (Vườn ươm Doanh nghiệp Công nghệ cao)",
            "Ông Võ Thành Long (nhà đầu tư thiên thần)",
        ),
        outcomes_vi=(
            "Thiết kế chương trình ươm tạo phù hợp với lĩnh vực và nguồn lực của đơn vị.\n"
            "Xây dựng bộ tiêu chí tuyển chọn và đánh giá tiến độ dự án.\n"
            "Kết nối dự án với cố vấn, nhà đầu tư và thị trường."
        ),
        outcomes_en=(
            "Design an incubation programme that fits your sector and resources.\n"
            "Build criteria for selecting projects and measuring their progress.\n"
            "Connect projects with mentors, investors and markets."
        ),
        signer_name="Nguyễn Thị Hồng Vân",
        signer_title=SIHUB,
    ),
    "dinh-gia-thuong-mai-hoa-tai-san-tri-tue": CourseSpec(
        trainers=(
            "PGS.TS. Đặng Quốc Hùng (Trường Đại học Bách khoa – ĐHQG-HCM)",
            "LS. Bùi Thị Mai Trang (đại diện sở hữu công nghiệp)",
        ),
        outcomes_vi=(
            "Xác định và bảo hộ tài sản trí tuệ hình thành từ kết quả nghiên cứu.\n"
            "Áp dụng các phương pháp định giá công nghệ thông dụng.\n"
            "Chuẩn bị đàm phán chuyển giao và thành lập doanh nghiệp spin-off."
        ),
        outcomes_en=(
            "Identify and protect intellectual property arising from research.\n"
            "Apply the common methods of technology valuation.\n"
            "Prepare licensing negotiations and spin-off companies."
        ),
        signer_name="Lâm Quốc Thịnh",
        signer_title=DOST,
    ),
    "huan-luyen-co-van-khoi-nghiep": CourseSpec(
        trainers=(
            "ThS. Trương Gia Hân (Trung tâm Khởi nghiệp Đổi mới sáng tạo TP.HCM)",
            "Ông Hồ Minh Tuấn (cố vấn khởi nghiệp)",
        ),
        outcomes_vi=(
            "Hiểu vai trò và giới hạn của người cố vấn khởi nghiệp.\n"
            "Sử dụng kỹ thuật đặt câu hỏi và phản hồi trong buổi cố vấn.\n"
            "Theo dõi tiến độ của nhóm khởi nghiệp bằng mục tiêu đo được."
        ),
        outcomes_en=(
            "Understand the role and the limits of a startup mentor.\n"
            "Use questioning and feedback techniques in mentoring sessions.\n"
            "Track a startup team's progress with measurable goals."
        ),
        signer_name="Nguyễn Thị Hồng Vân",
        signer_title=SIHUB,
    ),
    "ung-dung-thu-nghiem-giai-phap-dmst": CourseSpec(
        trainers=(
            "TS. Ngô Thanh Sơn (Ban Quản lý Khu Công nghệ cao TP.HCM)",
            "ThS. Lý Thị Kim Yến (Sở Khoa học và Công nghệ TP.HCM)",
        ),
        outcomes_vi=(
            "Đặt hàng bài toán đổi mới sáng tạo từ nhu cầu thực tế của cơ quan, địa phương.\n"
            "Thiết kế, giám sát thử nghiệm giải pháp trong môi trường thực tế.\n"
            "Đánh giá kết quả thử nghiệm và đề xuất nhân rộng."
        ),
        outcomes_en=(
            "Commission innovation challenges from your agency's or locality's real needs.\n"
            "Design and monitor pilots of solutions in real-world settings.\n"
            "Assess pilot results and propose scaling up."
        ),
        signer_name="Lâm Quốc Thịnh",
        signer_title=DOST,
    ),
    "chuan-bi-goi-von-dau-tu-mao-hiem": CourseSpec(
        trainers=(
            "Bà Phan Ngọc Diễm (Quỹ Hỗ trợ Khởi nghiệp Sài Gòn Sáng tạo)",
            "Ông Dương Hữu Nghĩa (Câu lạc bộ Nhà đầu tư Thiên thần Phương Nam)",
        ),
        outcomes_vi=(
            "Xây dựng mô hình tài chính và định giá dự án giai đoạn tăng tốc.\n"
            "Đọc và thương lượng các điều khoản chính của bản điều khoản đầu tư.\n"
            "Trình bày gọi vốn trước hội đồng nhà đầu tư."
        ),
        outcomes_en=(
            "Build a financial model and value an acceleration-stage project.\n"
            "Read and negotiate the main clauses of a term sheet.\n"
            "Pitch to a panel of investors."
        ),
        signer_name="Nguyễn Thị Hồng Vân",
        signer_title=SIHUB,
    ),
    "truyen-thong-doi-moi-sang-tao": CourseSpec(
        trainers=(
            "ThS. Hoàng Thu Giang (Trung tâm Thông tin và Thống kê Khoa học và Công nghệ TP.HCM)",
            "Nhà báo Tạ Văn Hải (Hội Truyền thông Khởi nghiệp Phương Nam)",
        ),
        outcomes_vi=(
            "Viết tin, bài về hoạt động đổi mới sáng tạo chính xác và hấp dẫn.\n"
            "Làm video ngắn và quản lý kênh mạng xã hội của đơn vị.\n"
            "Lập kế hoạch truyền thông năm cho đơn vị."
        ),
        outcomes_en=(
            "Write accurate, engaging news about innovation activities.\n"
            "Make short videos and run your organisation's social media.\n"
            "Plan your organisation's communication for the year."
        ),
        signer_name="Lâm Quốc Thịnh",
        signer_title=DOST,
    ),
}

TOPICS = {
    Audience.STATE_AGENCIES: CourseTopic.POLICY_IMPLEMENTATION,
    Audience.SUPPORT_ORGANISATIONS: CourseTopic.CAPACITY_BUILDING,
}

# A partner organisation invited to nominate its staff for an upcoming course (link printed in the summary).
NOMINATION = {
    "course": "ung-dung-thu-nghiem-giai-phap-dmst",
    "organization": "Ủy ban nhân dân Phường Thủ Đức",
    "contact_name": "Võ Thị Ngọc Hân",
    "contact_email": "ngochan.vo.ubndthuduc@example.vn",
    "max_nominees": 5,
}


def seed(ctx: DemoContext) -> list[str]:
    courses = [_seed_course(ctx.events[slug], spec) for slug, spec in COURSES.items()]
    _evaluate_ended(ctx, courses)
    invite = _seed_invite(ctx)
    return _summary(courses, invite)


def _seed_course(event, spec: CourseSpec) -> Course:
    values = {
        "topic": TOPICS[event.audience],
        "eligible_kinds": list(COURSE_KINDS[event.audience]),
        "trainers": "\n".join(spec.trainers),
        "outcomes_vi": spec.outcomes_vi,
        "outcomes_en": spec.outcomes_en,
        "min_attendance_percent": 80,
        "certificates_enabled": True,
        "certificate_signer_name": spec.signer_name,
        "certificate_signer_title": spec.signer_title,
    }
    course = Course.objects.filter(event=event).first()
    if course is None:
        course = Course(event=event)
    elif all(getattr(course, name) == value for name, value in values.items()):
        return course
    for name, value in values.items():
        setattr(course, name, value)
    course.full_clean()
    course.save()
    return course


def _evaluate_ended(ctx: DemoContext, courses: list[Course]) -> None:
    """Apply the completion rule to courses that are over and not yet evaluated since their last class,
    the morning after it (or now, if that morning has not come yet)."""
    ended = (
        Course.objects.filter(pk__in=[c.pk for c in courses])
        .annotate(last_end=Max("event__sessions__ends_at", filter=Q(event__sessions__is_cancelled=False)))
        .filter(last_end__lte=ctx.now)
        .filter(Q(completion_evaluated_at__isnull=True) | Q(completion_evaluated_at__lt=F("last_end")))
        .select_related("event")
        .order_by("last_end")
    )
    tz = timezone.get_current_timezone()
    for course in ended:
        morning = datetime.datetime.combine(
            timezone.localdate(course.last_end) + datetime.timedelta(days=1), datetime.time(9, 0), tzinfo=tz
        )
        course_evaluate_completion(course=course, now=min(morning, ctx.now))


def _seed_invite(ctx: DemoContext) -> NominationInvite:
    course = Course.objects.get(event=ctx.events[NOMINATION["course"]])
    invite, _created = NominationInvite.objects.get_or_create(
        course=course,
        organization=ctx.organizations[NOMINATION["organization"]],
        defaults={
            "contact_name": NOMINATION["contact_name"],
            "contact_email": NOMINATION["contact_email"],
            "max_nominees": NOMINATION["max_nominees"],
            "created_by": ctx.organiser,
        },
    )
    return invite


def _summary(courses: list[Course], invite: NominationInvite) -> list[str]:
    topics = Counter(course.topic for course in courses)
    completions = Completion.objects.filter(course__in=courses)
    completed = completions.filter(completed=True).count()
    evaluated = Course.objects.filter(pk__in=[c.pk for c in courses], completion_evaluated_at__isnull=False)
    certificates = Certificate.objects.filter(course__in=courses, revoked_at__isnull=True).order_by(
        "year", "number"
    )
    numbers = list(certificates)
    certificate_text = f"{len(numbers)} issued"
    if numbers:
        certificate_text += f", numbered {numbers[0].display_number} to {numbers[-1].display_number}"
    with translation.override(settings.LANGUAGE_CODE):
        link = settings.SITE_URL + invite.get_absolute_url()
    return [
        summary_line(
            "Courses",
            f"{len(courses)} ("
            + ", ".join(f"{topic}: {topics[topic]}" for topic in CourseTopic.values)
            + f"), {evaluated.count()} over and evaluated: {completed} of {completions.count()} trainees "
            "completed (80% of the classes)",
        ),
        summary_line("Certificates", certificate_text),
        summary_line(
            "Nomination link",
            f"{link} ({invite.organization.name} → {invite.course.event.title_vi}, "
            f"up to {invite.max_nominees} people)",
        ),
    ]
