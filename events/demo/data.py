"""Demo content for `manage.py seed_demo`: Ho Chi Minh City's 2024–2028 innovation and startup support plan.

Public bodies carry their real names (they run the plan); enterprises, startups, funds and international
programmes are invented, so the demo never speaks for a real private company. Dates are offsets in days
from the day the command runs, so the catalogue always has past, current and upcoming events.
"""

import datetime
import random
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from django.utils import timezone

from events.enums import Audience, EventKind, EventStatus, OrganizationKind, ProjectStage, Sector
from events.roles import DOOR_STAFF, ORGANISER, REPORT_VIEWER

if TYPE_CHECKING:
    from events.models import Event, Organization, StartupProject

K = OrganizationKind

# --- Organisations -------------------------------------------------------------------------------

ORGANIZATIONS: list[tuple[str, str, str]] = [
    # (name, kind, district); `district` holds the ward (phường) or commune (xã): districts were abolished
    # on 1 July 2025, when Ho Chi Minh City moved to two levels of local government.
    ("Trung tâm Thông tin và Thống kê Khoa học và Công nghệ TP.HCM", K.SCIENCE_TECH, "Phường Bến Thành"),
    ("Trung tâm Dịch vụ Phân tích Thí nghiệm TP.HCM", K.SCIENCE_TECH, "Phường Tân Định"),
    ("Trung tâm Kiểm định Công nghệ và Đo lường Phương Nam", K.SCIENCE_TECH, "Phường Hòa Hưng"),
    ("Trung tâm Khởi nghiệp Đổi mới sáng tạo TP.HCM (SIHUB)", K.INNOVATION_CENTRE, "Phường Xuân Hòa"),
    ("Trung tâm Đổi mới sáng tạo Khu Công nghệ cao TP.HCM", K.INNOVATION_CENTRE, "Phường Tăng Nhơn Phú"),
    ("Trung tâm Đổi mới sáng tạo Bến Thành", K.INNOVATION_CENTRE, "Phường Bến Thành"),
    ("Không gian Đổi mới sáng tạo Thủ Đức", K.INNOVATION_CENTRE, "Phường Thủ Đức"),
    ("Vườn ươm Doanh nghiệp Công nghệ cao (SHTP-IC)", K.INTERMEDIARY, "Phường Tăng Nhơn Phú"),
    ("Trung tâm Ươm tạo Doanh nghiệp Nông nghiệp Công nghệ cao", K.INTERMEDIARY, "Xã Nhuận Đức"),
    ("Quỹ Hỗ trợ Khởi nghiệp Sài Gòn Sáng tạo", K.INTERMEDIARY, "Phường Sài Gòn"),
    ("Câu lạc bộ Nhà đầu tư Thiên thần Phương Nam", K.INTERMEDIARY, "Phường Tân Hưng"),
    ("Trường Đại học Bách khoa – ĐHQG-HCM", K.UNIVERSITY, "Phường Diên Hồng"),
    ("Trường Đại học Kinh tế TP.HCM", K.UNIVERSITY, "Phường Xuân Hòa"),
    ("Trường Đại học Khoa học Tự nhiên – ĐHQG-HCM", K.UNIVERSITY, "Phường Chợ Quán"),
    ("Trường Đại học Sư phạm Kỹ thuật TP.HCM", K.UNIVERSITY, "Phường Thủ Đức"),
    ("Trường Đại học Nông Lâm TP.HCM", K.UNIVERSITY, "Phường Linh Xuân"),
    ("Trường Cao đẳng Kỹ thuật Cao Thắng", K.UNIVERSITY, "Phường Sài Gòn"),
    ("Viện Sinh học Nhiệt đới", K.RESEARCH_INSTITUTE, "Phường Linh Xuân"),
    ("Viện Nghiên cứu Phát triển TP.HCM", K.RESEARCH_INSTITUTE, "Phường Xuân Hòa"),
    ("Viện Công nghệ Hóa học", K.RESEARCH_INSTITUTE, "Phường Sài Gòn"),
    ("Sở Khoa học và Công nghệ TP.HCM", K.STATE_AGENCY, "Phường Xuân Hòa"),
    ("Sở Công Thương TP.HCM", K.STATE_AGENCY, "Phường Sài Gòn"),
    ("Ban Quản lý Khu Công nghệ cao TP.HCM", K.STATE_AGENCY, "Phường Tăng Nhơn Phú"),
    ("Ủy ban nhân dân Phường Sài Gòn", K.STATE_AGENCY, "Phường Sài Gòn"),
    ("Ủy ban nhân dân Phường Bàn Cờ", K.STATE_AGENCY, "Phường Bàn Cờ"),
    ("Ủy ban nhân dân Phường Thủ Đức", K.STATE_AGENCY, "Phường Thủ Đức"),
    ("Ủy ban nhân dân Phường Bình Thạnh", K.STATE_AGENCY, "Phường Bình Thạnh"),
    ("Ủy ban nhân dân Phường Tân Sơn Nhất", K.STATE_AGENCY, "Phường Tân Sơn Nhất"),
    ("Công ty Cổ phần Thực phẩm Mekong Xanh", K.ENTERPRISE, "Phường Tân Thuận"),
    ("Công ty TNHH Cơ khí Chính xác Tân Bình Mới", K.ENTERPRISE, "Phường Tân Bình"),
    ("Công ty Cổ phần Bán lẻ Phố Sài Gòn", K.ENTERPRISE, "Phường Phú Nhuận"),
    ("Công ty TNHH Nông nghiệp Số Lúa Vàng", K.STARTUP, "Phường Thới An"),
    ("Công ty Cổ phần Y tế Số An Tâm", K.STARTUP, "Phường Gia Định"),
    ("Công ty TNHH Học liệu Mở Sao Mai", K.STARTUP, "Phường Gò Vấp"),
    ("Công ty TNHH Năng lượng Xanh Cần Giờ", K.STARTUP, "Xã Cần Giờ"),
    ("Công ty Cổ phần Dữ liệu Đô thị Thông minh", K.STARTUP, "Phường An Khánh"),
    ("Chương trình Đối tác Đổi mới sáng tạo Việt Nam – Bắc Âu", K.INTERNATIONAL, "Phường Sài Gòn"),
    ("Mạng lưới Vườn ươm châu Á – Thái Bình Dương (Văn phòng TP.HCM)", K.INTERNATIONAL, "Phường Bến Thành"),
    ("Quỹ Tăng tốc Khởi nghiệp Đông Nam Á", K.INTERNATIONAL, "Phường Nhiêu Lộc"),
    ("Câu lạc bộ Khởi nghiệp Sinh viên TP.HCM", K.OTHER, "Phường Chợ Quán"),
    ("Hội Truyền thông Khởi nghiệp Phương Nam", K.OTHER, "Phường Đức Nhuận"),
]

# Who comes to an event of each audience (by the kind of their organisation).
SUPPORT_KINDS = {
    K.SCIENCE_TECH,
    K.INNOVATION_CENTRE,
    K.INTERMEDIARY,
    K.UNIVERSITY,
    K.RESEARCH_INSTITUTE,
    K.OTHER,
}
AUDIENCE_KINDS: dict[str, set[str]] = {
    Audience.SUPPORT_ORGANISATIONS: SUPPORT_KINDS,
    Audience.STATE_AGENCIES: {K.STATE_AGENCY},
    Audience.STARTUPS: {K.STARTUP, K.UNIVERSITY, K.INNOVATION_CENTRE, K.INTERMEDIARY, K.ENTERPRISE},
    Audience.INVESTORS: {K.INTERMEDIARY, K.INTERNATIONAL, K.ENTERPRISE, K.STARTUP, K.INNOVATION_CENTRE},
    Audience.PUBLIC: set(K.values),
    Audience.STUDENTS: {K.UNIVERSITY, K.OTHER},
}

# Who may enrol on a course of each audience (training.Course.eligible_kinds): the support bodies the
# plan trains (not clubs and associations), or the state agencies that carry out the support policies.
# The demo signs up only people of these kinds, so every seeded enrolment passes the eligibility check.
COURSE_KINDS: dict[str, list[str]] = {
    Audience.SUPPORT_ORGANISATIONS: [
        K.SCIENCE_TECH,
        K.INNOVATION_CENTRE,
        K.INTERMEDIARY,
        K.UNIVERSITY,
        K.RESEARCH_INSTITUTE,
    ],
    Audience.STATE_AGENCIES: [K.STATE_AGENCY],
}

POSITIONS: dict[str, list[str]] = {
    K.SCIENCE_TECH: ["Chuyên viên", "Phó Giám đốc", "Kỹ sư", "Trưởng phòng Dịch vụ"],
    K.INNOVATION_CENTRE: ["Chuyên viên hỗ trợ khởi nghiệp", "Phó Giám đốc", "Điều phối viên chương trình"],
    K.INTERMEDIARY: ["Quản lý chương trình ươm tạo", "Cố vấn khởi nghiệp", "Giám đốc đầu tư"],
    K.UNIVERSITY: ["Giảng viên", "Phó Giám đốc Vườn ươm", "Chuyên viên Phòng Khoa học Công nghệ"],
    K.RESEARCH_INSTITUTE: ["Nghiên cứu viên", "Trưởng phòng Chuyển giao công nghệ", "Nghiên cứu viên chính"],
    K.STATE_AGENCY: ["Chuyên viên", "Phó Trưởng phòng", "Trưởng phòng Kinh tế", "Chuyên viên Phòng Quản lý"],
    K.ENTERPRISE: ["Giám đốc Đổi mới sáng tạo", "Trưởng phòng Phát triển kinh doanh", "Chuyên viên mua hàng"],
    K.STARTUP: ["Nhà sáng lập", "Giám đốc điều hành", "Giám đốc công nghệ", "Trưởng nhóm sản phẩm"],
    K.INTERNATIONAL: ["Điều phối viên quốc gia", "Chuyên gia tư vấn", "Quản lý đối tác"],
    K.OTHER: ["Chủ nhiệm câu lạc bộ", "Thành viên ban điều hành", "Biên tập viên"],
}

# Courses where trainees whose organisation runs a startup project come with it (spin-offs from research):
# their attendance counts as training support to the project (training records it on check-in).
PROJECT_TEAM_COURSES = {"dinh-gia-thuong-mai-hoa-tai-san-tri-tue"}

# --- People --------------------------------------------------------------------------------------

FAMILY_NAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Tạ",
]  # fmt: skip
FEMALE_MIDDLE = ["Thị", "Ngọc", "Thanh", "Thu", "Kim", "Phương", "Bảo", "Mỹ", "Thị Thu", "Hoàng"]
FEMALE_GIVEN = [
    "Lan", "Linh", "Mai", "Hạnh", "Ngân", "Nhung", "Quỳnh", "Thảo", "Trang", "Uyên",
    "Vy", "Yến", "Hà", "Châu", "Giang", "Hương", "Nga", "Tuyết", "Diễm", "Trâm",
]  # fmt: skip
MALE_MIDDLE = ["Văn", "Minh", "Quốc", "Hoàng", "Đức", "Hữu", "Gia", "Thành", "Anh", "Công"]
MALE_GIVEN = [
    "An", "Bình", "Dũng", "Hải", "Hiếu", "Hùng", "Khánh", "Khoa", "Long", "Nam",
    "Phúc", "Quân", "Sơn", "Tâm", "Trí", "Tuấn", "Vinh", "Thắng", "Đạt", "Nghĩa",
]  # fmt: skip
# Vietnamese mobile prefixes (Viettel, Vinaphone, MobiFone, Vietnamobile).
MOBILE_PREFIXES = [
    "032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079",
    "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096", "097", "098",
]  # fmt: skip
EMAIL_DOMAINS = ["example.vn", "example.com"]
PEOPLE_COUNT = 220

SELF_CANCEL_REASONS = [
    "Bận công tác đột xuất.",
    "Trùng lịch họp của đơn vị.",
    "Đơn vị đã cử người khác tham dự.",
    "Lý do sức khỏe.",
]
REJECT_REASONS = [
    "Dự án chưa đáp ứng tiêu chí của giai đoạn tăng tốc.",
    "Đơn vị đã đủ số lượng học viên được cử tham dự.",
    "Hồ sơ đăng ký chưa đầy đủ thông tin dự án.",
]
EVENT_CANCELLED_REASON = "Sự kiện tạm hoãn; ban tổ chức sẽ thông báo thời gian mới."

# --- Venues --------------------------------------------------------------------------------------


class VenueSpec(NamedTuple):
    key: str
    name: str
    address: str
    district: str
    latitude: str
    longitude: str


VENUES = [
    VenueSpec(
        "sihub",
        "Trung tâm Khởi nghiệp Đổi mới sáng tạo TP.HCM (SIHUB)",
        "123 Trương Định, Phường Xuân Hòa, Thành phố Hồ Chí Minh",
        "Phường Xuân Hòa",
        "10.778620",
        "106.688310",
    ),
    VenueSpec(
        "dost",
        "Hội trường Sở Khoa học và Công nghệ TP.HCM",
        "244 Điện Biên Phủ, Phường Xuân Hòa, Thành phố Hồ Chí Minh",
        "Phường Xuân Hòa",
        "10.779540",
        "106.690330",
    ),
    VenueSpec(
        "nvh-thanh-nien",
        "Nhà Văn hóa Thanh niên TP.HCM",
        "4 Phạm Ngọc Thạch, Phường Sài Gòn, Thành phố Hồ Chí Minh",
        "Phường Sài Gòn",
        "10.781150",
        "106.698510",
    ),
    VenueSpec(
        "secc",
        "Trung tâm Hội chợ và Triển lãm Sài Gòn (SECC)",
        "799 Nguyễn Văn Linh, Phường Tân Mỹ, Thành phố Hồ Chí Minh",
        "Phường Tân Mỹ",
        "10.729640",
        "106.719120",
    ),
    VenueSpec(
        "shtp",
        "Trung tâm Đào tạo Khu Công nghệ cao TP.HCM",
        "Lô T2-3, Đường D1, Khu Công nghệ cao, Phường Tăng Nhơn Phú, Thành phố Hồ Chí Minh",
        "Phường Tăng Nhơn Phú",
        "10.841630",
        "106.809880",
    ),
    VenueSpec(
        "bach-khoa",
        "Trường Đại học Bách khoa – ĐHQG-HCM, Hội trường A5",
        "268 Lý Thường Kiệt, Phường Diên Hồng, Thành phố Hồ Chí Minh",
        "Phường Diên Hồng",
        "10.772540",
        "106.657940",
    ),
    VenueSpec(
        "qtsc",
        "Công viên phần mềm Quang Trung, Tòa nhà Trung tâm",
        "97 Tô Ký, Phường Trung Mỹ Tây, Thành phố Hồ Chí Minh",
        "Phường Trung Mỹ Tây",
        "10.853420",
        "106.628170",
    ),
]

# --- Startup projects ----------------------------------------------------------------------------

PRE, INC, ACC = ProjectStage.PRE_INCUBATION, ProjectStage.INCUBATION, ProjectStage.ACCELERATION
S = Sector


class ProjectSpec(NamedTuple):
    slug: str
    name: str
    sector: str
    path: tuple[str, ...]  # stages in order; each was entered on a past date
    organization: str  # team organisation, "" for a team that has not registered a company yet
    description_vi: str
    description_en: str


PROJECTS = [
    ProjectSpec(
        "nong-trai-thuy-canh-iot", "Nông trại thủy canh IoT", S.AGRITECH, (PRE, INC, ACC),
        "Công ty TNHH Nông nghiệp Số Lúa Vàng",
        "Hệ thống cảm biến và điều khiển tự động dinh dưỡng, ánh sáng cho nông trại rau thủy canh "
        "ven đô, giúp giảm 30% lượng nước và phân bón.",
        "Sensors and automatic control of nutrients and light for peri-urban hydroponic vegetable farms, "
        "cutting water and fertiliser use by 30%.",
    ),
    ProjectSpec(
        "truy-xuat-sau-rieng", "Truy xuất nguồn gốc sầu riêng xuất khẩu", S.AGRITECH, (PRE, INC), "",
        "Mã định danh vùng trồng và nhật ký canh tác điện tử giúp sầu riêng đáp ứng yêu cầu truy xuất "
        "của thị trường nhập khẩu.",
        "Growing-area codes and electronic farm logs so that durian meets importers' traceability rules.",
    ),
    ProjectSpec(
        "phan-bon-vi-sinh-ba-ca-phe", "Phân bón vi sinh từ bã cà phê", S.AGRITECH, (PRE,),
        "Viện Sinh học Nhiệt đới",
        "Chế phẩm vi sinh xử lý bã cà phê từ quán và nhà máy thành phân bón hữu cơ cho rau sạch.",
        "A microbial product that turns coffee grounds from cafés and factories into organic fertiliser.",
    ),
    ProjectSpec(
        "giam-sat-ao-tom", "Giám sát ao nuôi tôm bằng cảm biến", S.AGRITECH, (PRE, INC), "",
        "Phao cảm biến đo oxy hòa tan, pH, độ mặn và cảnh báo qua điện thoại cho hộ nuôi tôm Cần Giờ.",
        "Sensor buoys measuring dissolved oxygen, pH and salinity, with phone alerts for shrimp farmers "
        "in Can Gio.",
    ),
    ProjectSpec(
        "phong-thi-nghiem-ao-stem", "Phòng thí nghiệm ảo STEM", S.EDTECH, (PRE, INC, ACC),
        "Công ty TNHH Học liệu Mở Sao Mai",
        "Thí nghiệm vật lý, hóa học mô phỏng 3D chạy trên máy tính cấu hình thấp cho học sinh THCS.",
        "3D physics and chemistry experiments for lower-secondary pupils that run on low-end computers.",
    ),
    ProjectSpec(
        "tro-ly-luyen-noi-tieng-anh", "Trợ lý luyện nói tiếng Anh bằng AI", S.EDTECH, (PRE, INC), "",
        "Ứng dụng chấm phát âm và hội thoại tình huống, thiết kế riêng cho người học Việt Nam.",
        "Pronunciation scoring and role-play conversations designed for Vietnamese learners of English.",
    ),
    ProjectSpec(
        "huong-nghiep-thpt", "Nền tảng hướng nghiệp cho học sinh THPT", S.EDTECH, (PRE,),
        "Câu lạc bộ Khởi nghiệp Sinh viên TP.HCM",
        "Trắc nghiệm sở thích nghề nghiệp và kết nối học sinh với sinh viên, người đi làm để tìm hiểu ngành.",
        "Career-interest tests that connect secondary students with undergraduates and professionals.",
    ),
    ProjectSpec(
        "hoc-nghe-truc-tuyen", "Học nghề trực tuyến cho lao động phổ thông", S.EDTECH, (PRE,), "",
        "Khóa học nghề ngắn qua video trên điện thoại, có chứng nhận kỹ năng và giới thiệu việc làm.",
        "Short vocational courses by phone video, with skills certificates and job referrals.",
    ),
    ProjectSpec(
        "kham-benh-tu-xa-nguoi-cao-tuoi", "Khám bệnh từ xa cho người cao tuổi", S.HEALTHTECH, (PRE, INC, ACC),
        "Công ty Cổ phần Y tế Số An Tâm",
        "Thiết bị đo huyết áp, đường huyết kết nối với bác sĩ gia đình, kèm tư vấn video cho người cao tuổi.",
        "Connected blood-pressure and glucose meters linked to family doctors, with video consultations.",
    ),
    ProjectSpec(
        "sang-loc-vong-mac-ai", "Sàng lọc bệnh võng mạc tiểu đường bằng AI", S.HEALTHTECH, (PRE, INC),
        "Trường Đại học Bách khoa – ĐHQG-HCM",
        "Mô hình học sâu đọc ảnh đáy mắt, hỗ trợ trạm y tế phường phát hiện sớm biến chứng tiểu đường.",
        "A deep-learning model reading fundus images so ward clinics spot diabetic retinopathy early.",
    ),
    ProjectSpec(
        "hop-nhac-thuoc-thong-minh", "Hộp nhắc uống thuốc thông minh", S.HEALTHTECH, (PRE,), "",
        "Hộp thuốc chia ngăn có đèn, chuông và báo cho người thân khi bệnh nhân quên uống thuốc.",
        "A pill organiser with lights and chimes that tells relatives when a dose is missed.",
    ),
    ProjectSpec(
        "dinh-duong-me-va-be", "Ứng dụng dinh dưỡng cho mẹ và bé", S.HEALTHTECH, (PRE,), "",
        "Thực đơn theo tuần thai và độ tuổi của bé, xây dựng cùng chuyên gia dinh dưỡng.",
        "Menus by week of pregnancy and child age, written with nutritionists.",
    ),
    ProjectSpec(
        "so-ban-hang-tieu-thuong", "Sổ bán hàng cho tiểu thương chợ truyền thống", S.FINTECH,
        (PRE, INC, ACC), "",
        "Sổ bán hàng trên điện thoại, nhận thanh toán mã QR và theo dõi công nợ cho tiểu thương.",
        "A phone ledger for market stallholders: QR payments and customer credit tracking.",
    ),
    ProjectSpec(
        "cham-diem-tin-dung-nong-ho", "Chấm điểm tín dụng vi mô cho nông hộ", S.FINTECH, (PRE, INC),
        "Trường Đại học Kinh tế TP.HCM",
        "Mô hình chấm điểm dựa trên dữ liệu mùa vụ giúp quỹ tín dụng vi mô cho nông hộ vay nhanh hơn.",
        "Credit scoring from crop data so that microfinance funds lend to farming households faster.",
    ),
    ProjectSpec(
        "hoa-don-ho-kinh-doanh", "Hóa đơn điện tử cho hộ kinh doanh", S.FINTECH, (PRE,), "",
        "Lập hóa đơn điện tử và kê khai thuế đơn giản cho hộ kinh doanh cá thể.",
        "Simple e-invoicing and tax filing for household businesses.",
    ),
    ProjectSpec(
        "san-dac-san-vung-mien", "Sàn thương mại đặc sản vùng miền", S.ECOMMERCE, (PRE, INC), "",
        "Sàn bán đặc sản đạt chuẩn OCOP, kết nối hợp tác xã với người tiêu dùng thành phố.",
        "A marketplace for certified regional specialities, linking co-operatives with city shoppers.",
    ),
    ProjectSpec(
        "thoi-trang-tuan-hoan", "Nền tảng thời trang tuần hoàn", S.ECOMMERCE, (PRE,), "",
        "Thu mua, làm mới và bán lại quần áo đã qua sử dụng, giảm rác thải dệt may.",
        "Buys, refreshes and resells second-hand clothes to cut textile waste.",
    ),
    ProjectSpec(
        "livestream-lang-nghe", "Livestream bán hàng cho làng nghề", S.ECOMMERCE, (PRE, INC, ACC), "",
        "Đào tạo và hạ tầng phát trực tiếp giúp nghệ nhân làng nghề bán sản phẩm thủ công trực tuyến.",
        "Training and streaming kit so craft-village artisans sell handmade goods online.",
    ),
    ProjectSpec(
        "giao-hang-xe-may-dien", "Giao hàng chặng cuối bằng xe máy điện", S.LOGISTICS, (PRE, INC, ACC), "",
        "Đội xe máy điện và phần mềm điều phối giao hàng nội thành, giảm phát thải và chi phí nhiên liệu.",
        "Electric-scooter fleet and dispatch software for inner-city last-mile delivery.",
    ),
    ProjectSpec(
        "kho-lanh-chia-se", "Kho lạnh chia sẻ cho nông sản", S.LOGISTICS, (PRE, INC),
        "Công ty Cổ phần Thực phẩm Mekong Xanh",
        "Kho lạnh mô-đun thuê theo ngày, đặt chỗ qua ứng dụng, giúp giảm hao hụt sau thu hoạch.",
        "Modular cold rooms rented by the day through an app, reducing post-harvest losses.",
    ),
    ProjectSpec(
        "toi-uu-tuyen-xe-buyt", "Tối ưu tuyến xe buýt bằng dữ liệu hành khách", S.SMART_CITY, (PRE,),
        "Công ty Cổ phần Dữ liệu Đô thị Thông minh",
        "Phân tích dữ liệu thẻ vé và GPS để đề xuất điều chỉnh lộ trình, tần suất xe buýt.",
        "Ticket and GPS data analysis to propose bus route and frequency changes.",
    ),
    ProjectSpec(
        "dien-mat-troi-mai-nha", "Điện mặt trời mái nhà cho hộ gia đình", S.CLEANTECH, (PRE, INC, ACC),
        "Công ty TNHH Năng lượng Xanh Cần Giờ",
        "Gói lắp đặt điện mặt trời mái nhà trả góp, theo dõi sản lượng qua ứng dụng.",
        "Rooftop solar for households paid in instalments, with output tracked in an app.",
    ),
    ProjectSpec(
        "gach-tu-nhua-tai-che", "Gạch lát từ nhựa tái chế", S.CLEANTECH, (PRE, INC), "",
        "Ép nhựa phế thải khó tái chế thành gạch lát vỉa hè bền, nhẹ.",
        "Presses hard-to-recycle plastic waste into light, durable paving tiles.",
    ),
    ProjectSpec(
        "loc-nuoc-nhiem-man", "Máy lọc nước nhiễm mặn cho vùng ven biển", S.CLEANTECH, (PRE,),
        "Trường Đại học Khoa học Tự nhiên – ĐHQG-HCM",
        "Máy lọc nước lợ dùng năng lượng mặt trời cho hộ dân vùng ven biển Cần Giờ.",
        "A solar-powered brackish-water purifier for coastal households in Can Gio.",
    ),
    ProjectSpec(
        "quan-trac-khong-khi", "Mạng quan trắc chất lượng không khí giá rẻ", S.CLEANTECH, (PRE,), "",
        "Trạm đo bụi mịn PM2.5 giá rẻ đặt tại trường học, công bố dữ liệu mở theo thời gian thực.",
        "Low-cost PM2.5 stations at schools publishing open real-time data.",
    ),
    ProjectSpec(
        "robot-han-cong-tac", "Robot hàn cộng tác cho xưởng cơ khí nhỏ", S.MANUFACTURING, (PRE, INC),
        "Trường Đại học Sư phạm Kỹ thuật TP.HCM",
        "Cánh tay robot hàn dễ lập trình bằng cách cầm tay chỉ việc, phù hợp xưởng cơ khí vừa và nhỏ.",
        "A welding cobot taught by demonstration, sized for small engineering workshops.",
    ),
    ProjectSpec(
        "in-3d-linh-kien-thay-the", "In 3D linh kiện thay thế cho nhà máy", S.MANUFACTURING, (PRE,),
        "Công ty TNHH Cơ khí Chính xác Tân Bình Mới",
        "Dịch vụ quét và in 3D linh kiện thay thế đã ngừng sản xuất, rút ngắn thời gian dừng máy.",
        "Scanning and 3D printing of discontinued spare parts to shorten machine downtime.",
    ),
    ProjectSpec(
        "bao-tri-du-doan", "Bảo trì dự đoán cho máy móc nhà xưởng", S.MANUFACTURING, (PRE, INC, ACC), "",
        "Cảm biến rung và nhiệt cùng mô hình dự đoán hỏng hóc, giúp nhà máy lên lịch bảo trì trước.",
        "Vibration and heat sensors with failure prediction so factories schedule maintenance ahead.",
    ),
    ProjectSpec(
        "tour-am-thuc-dem", "Tour ẩm thực đêm Sài Gòn có thuyết minh tự động", S.TOURISM, (PRE,), "",
        "Ứng dụng dẫn đường và thuyết minh đa ngôn ngữ cho các tuyến ẩm thực đêm ở Vĩnh Khánh và Chợ Lớn.",
        "Multilingual guided night-food routes on Vĩnh Khánh street and in Chợ Lớn.",
    ),
    ProjectSpec(
        "thuc-te-tang-cuong-di-tich", "Tham quan di tích bằng thực tế tăng cường", S.TOURISM, (PRE, INC), "",
        "Phục dựng hình ảnh lịch sử của di tích trên điện thoại bằng thực tế tăng cường (AR).",
        "Augmented-reality reconstructions of historic sites on visitors' phones.",
    ),
    ProjectSpec(
        "du-lich-cong-dong-can-gio", "Du lịch cộng đồng Cần Giờ", S.TOURISM, (PRE,), "",
        "Đặt chỗ homestay và trải nghiệm rừng ngập mặn do chính người dân địa phương tổ chức.",
        "Bookings for homestays and mangrove experiences run by local residents.",
    ),
    ProjectSpec(
        "chatbot-thu-tuc-hanh-chinh", "Chatbot hỗ trợ thủ tục hành chính", S.AI_DATA, (PRE, INC, ACC), "",
        "Trợ lý ảo trả lời câu hỏi về thủ tục hành chính bằng tiếng Việt, tích hợp cổng dịch vụ công.",
        "A Vietnamese virtual assistant answering questions on administrative procedures.",
    ),
    ProjectSpec(
        "nhan-dang-chu-viet-tay", "Nhận dạng chữ viết tay tiếng Việt", S.AI_DATA, (PRE, INC),
        "Trường Đại học Khoa học Tự nhiên – ĐHQG-HCM",
        "Số hóa hồ sơ giấy viết tay tiếng Việt có dấu với độ chính xác cao.",
        "Digitises handwritten Vietnamese paper records, diacritics included, with high accuracy.",
    ),
    ProjectSpec(
        "phan-tich-phan-hoi-khach-hang", "Phân tích phản hồi khách hàng tiếng Việt", S.AI_DATA, (PRE,), "",
        "Phân loại cảm xúc và chủ đề trong đánh giá, bình luận tiếng Việt cho doanh nghiệp bán lẻ.",
        "Sentiment and topic analysis of Vietnamese reviews and comments for retailers.",
    ),
    ProjectSpec(
        "du-bao-ngap-do-thi", "Dự báo ngập đô thị theo thời gian thực", S.SMART_CITY, (PRE, INC),
        "Công ty Cổ phần Dữ liệu Đô thị Thông minh",
        "Kết hợp dữ liệu mưa, triều cường và cảm biến mực nước để cảnh báo ngập theo từng tuyến đường.",
        "Combines rainfall, tide and water-level sensors to forecast flooding street by street.",
    ),
    ProjectSpec(
        "bai-do-xe-thong-minh", "Bãi đỗ xe thông minh", S.SMART_CITY, (PRE, INC, ACC), "",
        "Tìm và đặt chỗ đỗ xe ô tô trong nội thành, thanh toán không tiền mặt.",
        "Find and book inner-city car parking, with cashless payment.",
    ),
    ProjectSpec(
        "den-duong-thong-minh", "Đèn đường thông minh tiết kiệm năng lượng", S.SMART_CITY, (PRE,), "",
        "Bộ điều khiển đèn đường tự điều chỉnh độ sáng theo lưu lượng giao thông.",
        "Street-light controllers that dim and brighten with traffic.",
    ),
    ProjectSpec(
        "phan-loai-rac-tich-diem", "Phân loại rác tại nguồn có tích điểm", S.CLEANTECH, (PRE, INC), "",
        "Ứng dụng tích điểm đổi quà khi người dân phân loại rác, kết nối đơn vị thu gom.",
        "Rewards residents who sort their waste at home and links them with collectors.",
    ),
    ProjectSpec(
        "bao-hiem-vi-mo-tai-xe", "Bảo hiểm vi mô cho tài xế công nghệ", S.FINTECH, (PRE,), "",
        "Gói bảo hiểm tai nạn theo ngày, mua trong ứng dụng, dành cho tài xế xe công nghệ.",
        "Pay-per-day accident cover for ride-hailing and delivery drivers, bought in an app.",
    ),
    ProjectSpec(
        "tram-doi-pin-xe-may-dien", "Trạm đổi pin xe máy điện", S.LOGISTICS, (PRE, INC), "",
        "Mạng trạm đổi pin tự động tại cửa hàng tiện lợi, đổi pin trong dưới một phút.",
        "Automatic battery-swap stations at convenience stores, swapping in under a minute.",
    ),
]  # fmt: skip

STAGE_NOTES = {
    PRE: "Được tuyển chọn vào chương trình tiền ươm tạo.",
    INC: "Hoàn thành tiền ươm tạo, chuyển sang giai đoạn ươm tạo sau vòng đánh giá của hội đồng.",
    ACC: "Được chọn vào chương trình tăng tốc, tiếp cận nhà đầu tư mạo hiểm.",
}

# --- Events --------------------------------------------------------------------------------------


class SessionSpec(NamedTuple):
    day: int  # offset in days from today
    starts: str  # local time, HH:MM
    ends: str
    title_vi: str
    title_en: str
    room: str = ""


class RegistrationPlan(NamedTuple):
    count: int
    cancel: tuple[int, ...] = ()  # indexes (in sign-up order) that cancel themselves after the decisions
    approve: int = 0  # the first `approve` sign-ups are approved (requires_approval events)
    reject: int = 0  # the next `reject` are rejected; any after them stay pending
    staff_cancel_all: bool = False  # the event was cancelled: staff cancel every registration


class EventSpec(NamedTuple):
    slug: str
    kind: str
    title_vi: str
    title_en: str
    description_vi: str
    description_en: str
    venue: str
    organizer: str
    audience: str
    capacity: int | None
    sessions: tuple[SessionSpec, ...]
    plan: RegistrationPlan | None
    status: str = EventStatus.PUBLISHED
    requires_approval: bool = False
    waitlist_enabled: bool = True
    opens_in_days: int | None = None  # registration opens this many days from today (None: 30 days before)
    closes_days_before: int | None = 2  # registration closes this many days before the first session


DEMO_CHECKIN_SLUG = "ngay-hoi-khoi-nghiep-demo-check-in"

# What people bring (Vietnamese, English), shown on the event page, the confirmation and the ticket e-mail.
_ID_AND_TICKET = (
    "Vé QR (trên điện thoại hoặc bản in) và căn cước công dân.",
    "Your QR ticket (on your phone or printed) and an ID card.",
)
WHAT_TO_BRING = {
    "nang-cao-nang-luc-uom-tao": (
        _ID_AND_TICKET[0] + "\nMáy tính xách tay để làm bài tập nhóm.",
        _ID_AND_TICKET[1] + "\nA laptop for the group exercises.",
    ),
    "ket-noi-thi-truong-nong-nghiep-cong-nghe-cao": (
        _ID_AND_TICKET[0] + "\nDanh thiếp và tài liệu giới thiệu sản phẩm.",
        _ID_AND_TICKET[1] + "\nBusiness cards and your product leaflet.",
    ),
    DEMO_CHECKIN_SLUG: _ID_AND_TICKET,
}

EVENTS = [
    # --- Training courses (lớp tập huấn) ----------------------------------------------------------
    EventSpec(
        slug="tap-huan-chinh-sach-ho-tro-dmst-2024-2028",
        kind=EventKind.COURSE,
        title_vi=(
            "Tập huấn chính sách hỗ trợ dự án đổi mới sáng tạo, khởi nghiệp sáng tạo giai đoạn 2024–2028"
        ),
        title_en="Training on support policies for innovation and startup projects, 2024–2028",
        description_vi=(
            "Lớp tập huấn dành cho cán bộ các sở, ngành, UBND các phường, xã, đặc khu được giao kinh phí "
            "thực hiện chính sách hỗ trợ: nội dung kế hoạch giai đoạn 2024–2028, tiêu chí hỗ trợ dự án ở "
            "các giai đoạn tiền ươm tạo, ươm tạo, tăng tốc và quy trình xét chọn, báo cáo."
        ),
        description_en=(
            "For officers of city departments and of ward, commune and special-zone People's Committees "
            "funded to carry out the support policies: the 2024–2028 plan, criteria for supporting projects "
            "at pre-incubation, incubation and acceleration, and the selection and reporting procedures."
        ),
        venue="dost",
        organizer="Sở Khoa học và Công nghệ TP.HCM",
        audience=Audience.STATE_AGENCIES,
        capacity=60,
        sessions=(
            SessionSpec(-62, "08:30", "11:30", "Buổi 1: Tổng quan kế hoạch 2024–2028",
                        "Session 1: Overview of the 2024–2028 plan", "Hội trường lầu 2"),
            SessionSpec(-60, "08:30", "11:30", "Buổi 2: Tiêu chí hỗ trợ theo từng giai đoạn",
                        "Session 2: Support criteria by stage", "Hội trường lầu 2"),
            SessionSpec(-55, "13:30", "16:30", "Buổi 3: Quy trình xét chọn và báo cáo",
                        "Session 3: Selection and reporting procedures", "Hội trường lầu 2"),
        ),
        plan=RegistrationPlan(22, cancel=(4, 17)),
    ),
    EventSpec(
        slug="quan-ly-kinh-phi-nhiem-vu-khcn-dmst",
        kind=EventKind.COURSE,
        title_vi=(
            "Quản lý kinh phí hỗ trợ dự án đổi mới sáng tạo theo hình thức nhiệm vụ khoa học và công nghệ"
        ),
        title_en="Managing support funds for innovation projects as science and technology tasks",
        description_vi=(
            "Hướng dẫn lập dự toán, thẩm định, giải ngân và quyết toán kinh phí hỗ trợ ứng dụng, thử nghiệm "
            "giải pháp đổi mới sáng tạo theo hình thức thực hiện nhiệm vụ khoa học và công nghệ."
        ),
        description_en=(
            "Budgeting, appraisal, disbursement and settlement of funds supporting the piloting of "
            "innovative solutions carried out as science and technology tasks."
        ),
        venue="dost",
        organizer="Sở Khoa học và Công nghệ TP.HCM",
        audience=Audience.STATE_AGENCIES,
        capacity=40,
        sessions=(
            SessionSpec(-38, "08:30", "11:30", "Buổi 1: Khung pháp lý về nhiệm vụ KH&CN",
                        "Session 1: Legal framework for S&T tasks", "Phòng họp A"),
            SessionSpec(-37, "08:30", "11:30", "Buổi 2: Lập và thẩm định dự toán",
                        "Session 2: Preparing and appraising budgets", "Phòng họp A"),
            SessionSpec(-31, "08:30", "11:30", "Buổi 3: Giải ngân và quyết toán",
                        "Session 3: Disbursement and settlement", "Phòng họp A"),
            SessionSpec(-30, "13:30", "16:30", "Buổi 4: Thực hành trên hồ sơ mẫu",
                        "Session 4: Practice on sample files", "Phòng họp A"),
        ),
        plan=RegistrationPlan(24, cancel=(3, 11, 20)),
    ),
    EventSpec(
        slug="nang-cao-nang-luc-uom-tao",
        kind=EventKind.COURSE,
        title_vi="Nâng cao năng lực ươm tạo cho vườn ươm và tổ chức trung gian hỗ trợ khởi nghiệp",
        title_en="Incubation skills for incubators and startup-support intermediaries",
        description_vi=(
            "Chương trình 5 buổi về thiết kế chương trình ươm tạo, tuyển chọn dự án, đo lường tiến độ và "
            "kết nối nguồn lực cho các vườn ươm, trung tâm đổi mới sáng tạo và trường đại học."
        ),
        description_en=(
            "Five sessions on designing incubation programmes, selecting projects, measuring progress and "
            "connecting resources, for incubators, innovation centres and universities."
        ),
        venue="sihub",
        organizer="Trung tâm Khởi nghiệp Đổi mới sáng tạo TP.HCM (SIHUB)",
        audience=Audience.SUPPORT_ORGANISATIONS,
        capacity=20,
        sessions=(
            SessionSpec(-24, "08:30", "11:30", "Buổi 1: Thiết kế chương trình ươm tạo",
                        "Session 1: Designing an incubation programme", "Phòng đào tạo 1"),
            SessionSpec(-22, "08:30", "11:30", "Buổi 2: Tuyển chọn và đánh giá dự án",
                        "Session 2: Selecting and assessing projects", "Phòng đào tạo 1"),
            SessionSpec(-17, "08:30", "11:30", "Buổi 3: Cố vấn và đo lường tiến độ",
                        "Session 3: Mentoring and measuring progress", "Phòng đào tạo 1"),
            SessionSpec(-15, "08:30", "11:30", "Buổi 4: Kết nối nhà đầu tư và thị trường",
                        "Session 4: Connecting investors and markets", "Phòng đào tạo 1"),
            SessionSpec(-10, "13:30", "16:30", "Buổi 5: Chia sẻ kinh nghiệm và tổng kết",
                        "Session 5: Lessons learned and closing", "Phòng đào tạo 1"),
        ),
        plan=RegistrationPlan(24, cancel=(5, 12)),  # over capacity: some stay on the waiting list
    ),
    EventSpec(
        slug="dinh-gia-thuong-mai-hoa-tai-san-tri-tue",
        kind=EventKind.COURSE,
        title_vi="Định giá và thương mại hóa tài sản trí tuệ từ viện nghiên cứu, trường đại học",
        title_en=(
            "Valuing and commercialising intellectual property from research institutes and universities"
        ),
        description_vi=(
            "Lớp tập huấn đang diễn ra theo lịch hằng tuần: đăng ký sáng chế, định giá công nghệ, đàm phán "
            "chuyển giao và thành lập doanh nghiệp spin-off từ kết quả nghiên cứu."
        ),
        description_en=(
            "A weekly course now under way: patent filing, technology valuation, licensing negotiations "
            "and spin-off companies built on research results."
        ),
        venue="bach-khoa",
        organizer="Trường Đại học Bách khoa – ĐHQG-HCM",
        audience=Audience.SUPPORT_ORGANISATIONS,
        capacity=40,
        sessions=(
            SessionSpec(-3, "13:30", "16:30", "Buổi 1: Sở hữu trí tuệ trong trường đại học",
                        "Session 1: Intellectual property in universities", "Phòng B4-201"),
            SessionSpec(4, "13:30", "16:30", "Buổi 2: Định giá công nghệ",
                        "Session 2: Technology valuation", "Phòng B4-201"),
            SessionSpec(11, "13:30", "16:30", "Buổi 3: Đàm phán chuyển giao",
                        "Session 3: Licensing negotiations", "Phòng B4-201"),
            SessionSpec(18, "13:30", "16:30", "Buổi 4: Doanh nghiệp spin-off",
                        "Session 4: Spin-off companies", "Phòng B4-201"),
        ),
        plan=RegistrationPlan(20, cancel=(8,)),
    ),
    EventSpec(
        slug="huan-luyen-co-van-khoi-nghiep",
        kind=EventKind.COURSE,
        title_vi="Huấn luyện cố vấn khởi nghiệp (mentor) cho tổ chức hỗ trợ khởi nghiệp",
        title_en="Mentor training for startup-support organisations",
        description_vi=(
            "Kỹ năng cố vấn, đặt câu hỏi, phản hồi và theo dõi tiến độ nhóm khởi nghiệp; thực hành với các "
            "dự án đang ươm tạo tại TP.HCM."
        ),
        description_en=(
            "Mentoring, questioning, feedback and progress-tracking skills, practised with projects now in "
            "incubation in Ho Chi Minh City."
        ),
        venue="sihub",
        organizer="Trung tâm Khởi nghiệp Đổi mới sáng tạo TP.HCM (SIHUB)",
        audience=Audience.SUPPORT_ORGANISATIONS,
        capacity=35,
        sessions=(
            SessionSpec(10, "08:30", "11:30", "Buổi 1: Vai trò của người cố vấn",
                        "Session 1: The mentor's role", "Phòng đào tạo 2"),
            SessionSpec(12, "08:30", "11:30", "Buổi 2: Kỹ năng đặt câu hỏi và phản hồi",
                        "Session 2: Questioning and feedback", "Phòng đào tạo 2"),
            SessionSpec(17, "08:30", "11:30", "Buổi 3: Thực hành cố vấn với nhóm khởi nghiệp",
                        "Session 3: Mentoring practice with startup teams", "Phòng đào tạo 2"),
            SessionSpec(19, "13:30", "16:30", "Buổi 4: Theo dõi tiến độ và tổng kết",
                        "Session 4: Tracking progress and closing", "Phòng đào tạo 2"),
        ),
        plan=RegistrationPlan(18, cancel=(6,)),
    ),
    EventSpec(
        slug="ung-dung-thu-nghiem-giai-phap-dmst",
        kind=EventKind.COURSE,
        title_vi="Hỗ trợ ứng dụng và thử nghiệm giải pháp đổi mới sáng tạo trong môi trường thực tế",
        title_en="Supporting the use and piloting of innovative solutions in real-world settings",
        description_vi=(
            "Dành cho cơ quan quản lý nhà nước: cách đặt hàng bài toán, chọn địa bàn thử nghiệm, đánh giá "
            "khả năng triển khai và nhân rộng giải pháp của dự án khởi nghiệp."
        ),
        description_en=(
            "For state agencies: how to commission challenges, choose pilot sites, assess whether a "
            "startup's solution can be deployed and scaled."
        ),
        venue="shtp",
        organizer="Ban Quản lý Khu Công nghệ cao TP.HCM",
        audience=Audience.STATE_AGENCIES,
        capacity=40,
        sessions=(
            SessionSpec(21, "08:30", "11:30", "Buổi 1: Đặt hàng bài toán đổi mới sáng tạo",
                        "Session 1: Commissioning innovation challenges", "Phòng hội thảo 3"),
            SessionSpec(22, "08:30", "11:30", "Buổi 2: Thiết kế và giám sát thử nghiệm",
                        "Session 2: Designing and monitoring pilots", "Phòng hội thảo 3"),
            SessionSpec(28, "08:30", "11:30", "Buổi 3: Đánh giá và nhân rộng",
                        "Session 3: Evaluation and scaling up", "Phòng hội thảo 3"),
        ),
        plan=RegistrationPlan(15),
    ),
    EventSpec(
        slug="chuan-bi-goi-von-dau-tu-mao-hiem",
        kind=EventKind.COURSE,
        title_vi="Chuẩn bị hồ sơ gọi vốn đầu tư mạo hiểm cho dự án giai đoạn tăng tốc",
        title_en="Preparing venture-capital fundraising for acceleration-stage projects",
        description_vi=(
            "Lớp chuyên sâu, số chỗ có hạn, xét duyệt hồ sơ: mô hình tài chính, định giá, điều khoản đầu "
            "tư và luyện tập thuyết trình trước nhà đầu tư. Ưu tiên tổ chức đang ươm tạo dự án giai đoạn "
            "tăng tốc."
        ),
        description_en=(
            "An advanced class with limited seats and application review: financial models, valuation, term "
            "sheets and pitch practice in front of investors. Organisations incubating acceleration-stage "
            "projects come first."
        ),
        venue="qtsc",
        organizer="Quỹ Hỗ trợ Khởi nghiệp Sài Gòn Sáng tạo",
        audience=Audience.SUPPORT_ORGANISATIONS,
        capacity=12,
        requires_approval=True,
        sessions=(
            SessionSpec(28, "08:30", "11:30", "Buổi 1: Mô hình tài chính và định giá",
                        "Session 1: Financial models and valuation", "Phòng 5.2"),
            SessionSpec(29, "08:30", "11:30", "Buổi 2: Điều khoản đầu tư",
                        "Session 2: Term sheets", "Phòng 5.2"),
            SessionSpec(35, "13:30", "17:00", "Buổi 3: Luyện tập thuyết trình gọi vốn",
                        "Session 3: Pitch practice", "Phòng 5.2"),
        ),
        plan=RegistrationPlan(18, approve=14, reject=2, cancel=(1,)),
    ),
    EventSpec(
        slug="truyen-thong-doi-moi-sang-tao",
        kind=EventKind.COURSE,
        title_vi="Truyền thông về hoạt động đổi mới sáng tạo, khởi nghiệp sáng tạo",
        title_en="Communicating innovation and startup activities",
        description_vi=(
            "Kỹ năng viết tin, làm video ngắn và quản lý mạng xã hội để lan tỏa kết quả hỗ trợ dự án đổi mới "
            "sáng tạo. Cổng đăng ký sẽ mở sau khi các đơn vị nhận công văn cử cán bộ."
        ),
        description_en=(
            "Writing news, making short videos and running social media to spread the results of the support "
            "programme. Registration opens once organisations have received the nomination letter."
        ),
        venue="nvh-thanh-nien",
        organizer="Trung tâm Thông tin và Thống kê Khoa học và Công nghệ TP.HCM",
        audience=Audience.SUPPORT_ORGANISATIONS,
        capacity=50,
        sessions=(
            SessionSpec(45, "08:30", "11:30", "Buổi 1: Viết tin về đổi mới sáng tạo",
                        "Session 1: Writing innovation news", "Phòng hội thảo"),
            SessionSpec(47, "08:30", "11:30", "Buổi 2: Video ngắn và mạng xã hội",
                        "Session 2: Short video and social media", "Phòng hội thảo"),
            SessionSpec(52, "08:30", "11:30", "Buổi 3: Kế hoạch truyền thông của đơn vị",
                        "Session 3: Your organisation's communication plan", "Phòng hội thảo"),
        ),
        plan=None,
        opens_in_days=5,
    ),
    # --- Exhibitions, market connection, demo day -------------------------------------------------
    EventSpec(
        slug="trien-lam-san-pham-doi-moi-sang-tao",
        kind=EventKind.EXHIBITION,
        title_vi="Triển lãm giải pháp, sản phẩm đổi mới sáng tạo TP.HCM",
        title_en="Ho Chi Minh City innovative solutions and products exhibition",
        description_vi=(
            "Ba ngày trưng bày giải pháp, sản phẩm, dịch vụ của các dự án đổi mới sáng tạo, khởi nghiệp sáng "
            "tạo được thành phố hỗ trợ, kèm các phiên giới thiệu sản phẩm và gặp gỡ khách hàng."
        ),
        description_en=(
            "Three days showing the solutions, products and services of innovation and startup projects "
            "supported by the city, with product showcases and customer meetings."
        ),
        venue="secc",
        organizer="Sở Khoa học và Công nghệ TP.HCM",
        audience=Audience.PUBLIC,
        capacity=300,
        sessions=(
            SessionSpec(-46, "08:00", "17:00", "Ngày 1: Khai mạc và tham quan gian hàng",
                        "Day 1: Opening and booths", "Hall A"),
            SessionSpec(-45, "08:00", "17:00", "Ngày 2: Giới thiệu sản phẩm",
                        "Day 2: Product showcases", "Hall A"),
            SessionSpec(-44, "08:00", "16:00", "Ngày 3: Gặp gỡ khách hàng và bế mạc",
                        "Day 3: Customer meetings and closing", "Hall A"),
        ),
        plan=RegistrationPlan(36, cancel=(7, 21, 33)),
        closes_days_before=None,
    ),
    EventSpec(
        slug="ket-noi-thi-truong-nong-nghiep-cong-nghe-cao",
        kind=EventKind.MARKET_CONNECTION,
        title_vi="Kết nối thị trường cho sản phẩm khởi nghiệp nông nghiệp công nghệ cao",
        title_en="Market connection for high-tech agriculture startup products",
        description_vi=(
            "Hai ngày gặp gỡ giữa dự án khởi nghiệp nông nghiệp công nghệ cao với hệ thống phân phối, doanh "
            "nghiệp chế biến và nhà đầu tư; mỗi dự án có lịch hẹn làm việc riêng với đối tác."
        ),
        description_en=(
            "Two days of meetings between high-tech agriculture startups and retailers, processors and "
            "investors; every project gets scheduled one-to-one meetings."
        ),
        venue="nvh-thanh-nien",
        organizer="Trung tâm Ươm tạo Doanh nghiệp Nông nghiệp Công nghệ cao",
        audience=Audience.INVESTORS,
        capacity=150,
        sessions=(
            SessionSpec(14, "08:00", "17:00", "Ngày 1: Giới thiệu dự án và gặp gỡ nhà phân phối",
                        "Day 1: Project pitches and distributor meetings", "Sảnh chính"),
            SessionSpec(15, "08:00", "12:00", "Ngày 2: Kết nối nhà đầu tư",
                        "Day 2: Investor meetings", "Sảnh chính"),
        ),
        plan=RegistrationPlan(24, cancel=(9,)),
        closes_days_before=3,
    ),
    EventSpec(
        slug="demo-day-chuong-trinh-tang-toc",
        kind=EventKind.DEMO_DAY,
        title_vi="Demo Day — Chương trình tăng tốc khởi nghiệp TP.HCM",
        title_en="Demo Day — Ho Chi Minh City startup acceleration programme",
        description_vi=(
            "Các dự án giai đoạn tăng tốc trình bày trước hội đồng nhà đầu tư mạo hiểm, quỹ đầu tư và đối "
            "tác quốc tế; buổi chiều ngày thứ hai dành cho gặp gỡ riêng."
        ),
        description_en=(
            "Acceleration-stage projects pitch to venture investors, funds and international partners; the "
            "second afternoon is set aside for one-to-one meetings."
        ),
        venue="qtsc",
        organizer="Trung tâm Khởi nghiệp Đổi mới sáng tạo TP.HCM (SIHUB)",
        audience=Audience.INVESTORS,
        capacity=200,
        sessions=(
            SessionSpec(30, "13:30", "18:00", "Ngày 1: Thuyết trình gọi vốn",
                        "Day 1: Pitches", "Hội trường lớn"),
            SessionSpec(31, "13:30", "17:30", "Ngày 2: Gặp gỡ nhà đầu tư",
                        "Day 2: Investor meetings", "Hội trường lớn"),
        ),
        plan=RegistrationPlan(20),
        closes_days_before=1,
    ),
    EventSpec(
        slug="demo-day-chuong-trinh-uom-tao-dot-1",
        kind=EventKind.DEMO_DAY,
        title_vi="Demo Day — Chương trình ươm tạo khởi nghiệp sáng tạo TP.HCM, đợt 1",
        title_en="Demo Day — Ho Chi Minh City startup incubation programme, cohort 1",
        description_vi=(
            "Các dự án kết thúc đợt ươm tạo thứ nhất trình bày kết quả trước nhà đầu tư, doanh nghiệp và "
            "hội đồng đánh giá; ngày thứ hai dành cho gặp gỡ riêng với đối tác."
        ),
        description_en=(
            "Projects finishing the first incubation cohort present their results to investors, companies "
            "and the review panel; the second day is for one-to-one meetings with partners."
        ),
        venue="shtp",
        organizer="Vườn ươm Doanh nghiệp Công nghệ cao (SHTP-IC)",
        audience=Audience.INVESTORS,
        capacity=120,
        sessions=(
            SessionSpec(-75, "13:30", "17:30", "Ngày 1: Các dự án ươm tạo trình bày",
                        "Day 1: Incubated projects pitch", "Hội trường A"),
            SessionSpec(-74, "08:30", "11:30", "Ngày 2: Gặp gỡ nhà đầu tư và đối tác",
                        "Day 2: Investor and partner meetings", "Hội trường A"),
        ),
        plan=RegistrationPlan(22, cancel=(5,)),
        closes_days_before=1,
    ),
    EventSpec(
        slug="ket-noi-doi-tac-quoc-te",
        kind=EventKind.MARKET_CONNECTION,
        title_vi="Kết nối đối tác quốc tế cho dự án khởi nghiệp sáng tạo",
        title_en="International partner matchmaking for startup projects",
        description_vi=(
            "Gặp gỡ tổ chức quốc tế, tổ chức thúc đẩy kinh doanh và chuyên gia nước ngoài; số chỗ giới hạn "
            "để bảo đảm mỗi dự án có thời gian làm việc với đối tác."
        ),
        description_en=(
            "Meetings with international organisations, business accelerators and foreign experts; seats "
            "are limited so that every project has time with partners."
        ),
        venue="nvh-thanh-nien",
        organizer="Chương trình Đối tác Đổi mới sáng tạo Việt Nam – Bắc Âu",
        audience=Audience.INVESTORS,
        capacity=16,
        sessions=(
            SessionSpec(-11, "08:30", "17:00", "Ngày 1: Giới thiệu đối tác và dự án",
                        "Day 1: Partners and projects", "Phòng hội thảo"),
            SessionSpec(-10, "08:30", "12:00", "Ngày 2: Làm việc nhóm theo lĩnh vực",
                        "Day 2: Sector round tables", "Phòng hội thảo"),
        ),
        plan=RegistrationPlan(20, cancel=(2, 14)),  # over capacity: waiting list
        closes_days_before=1,
    ),
    EventSpec(
        slug="trien-lam-giai-phap-do-thi-thong-minh",
        kind=EventKind.EXHIBITION,
        title_vi="Triển lãm giải pháp đô thị thông minh",
        title_en="Smart city solutions exhibition",
        description_vi=(
            "Trưng bày giải pháp giao thông, môi trường, dịch vụ công số của các dự án khởi nghiệp. "
            "Sự kiện tạm hoãn; ban tổ chức sẽ thông báo thời gian mới."
        ),
        description_en=(
            "Transport, environment and digital public-service solutions from startup projects. "
            "Postponed; the organisers will announce a new date."
        ),
        venue="secc",
        organizer="Sở Khoa học và Công nghệ TP.HCM",
        audience=Audience.PUBLIC,
        capacity=300,
        status=EventStatus.CANCELLED,
        sessions=(
            SessionSpec(25, "08:00", "17:00", "Ngày 1", "Day 1", "Sảnh B"),
            SessionSpec(26, "08:00", "17:00", "Ngày 2", "Day 2", "Sảnh B"),
        ),
        plan=RegistrationPlan(10, staff_cancel_all=True),
        closes_days_before=None,
    ),
    # --- Workshops and conferences ----------------------------------------------------------------
    EventSpec(
        slug=DEMO_CHECKIN_SLUG,
        kind=EventKind.WORKSHOP,
        title_vi="Ngày hội khởi nghiệp — thử điểm danh",
        title_en="Startup day — check-in demo",
        description_vi=(
            "Ngày hội đang diễn ra: gian hàng dự án, tư vấn thủ tục hỗ trợ và giao lưu với nhà sáng lập. "
            "Dùng sự kiện này để thử quét vé QR tại cửa."
        ),
        description_en=(
            "Happening now: project booths, advice on support procedures and talks with founders. "
            "Use this event to try scanning QR tickets at the door."
        ),
        venue="sihub",
        organizer="Trung tâm Khởi nghiệp Đổi mới sáng tạo TP.HCM (SIHUB)",
        audience=Audience.PUBLIC,
        capacity=150,
        sessions=(),  # placed around the current time by the command
        plan=RegistrationPlan(20, cancel=(3, 15)),
        opens_in_days=-14,
        closes_days_before=None,
    ),
    EventSpec(
        slug="dien-dan-doi-moi-sang-tao-muc-tieu-2028",
        kind=EventKind.CONFERENCE,
        title_vi="Diễn đàn Đổi mới sáng tạo TP.HCM: hướng tới mục tiêu 2028",
        title_en="Ho Chi Minh City Innovation Forum: towards the 2028 targets",
        description_vi=(
            "Diễn đàn về kế hoạch hỗ trợ hơn 1.000 dự án tiền ươm tạo, 700 dự án ươm tạo và 200 dự án tăng "
            "tốc đến năm 2028, với sự tham gia của sở, ngành, trường, viện và nhà đầu tư."
        ),
        description_en=(
            "A forum on the plan to support over 1,000 pre-incubation, 700 incubation and 200 acceleration "
            "projects by 2028, with departments, universities, institutes and investors."
        ),
        venue="nvh-thanh-nien",
        organizer="Sở Khoa học và Công nghệ TP.HCM",
        audience=Audience.PUBLIC,
        capacity=300,
        sessions=(
            SessionSpec(-90, "08:00", "12:00", "Phiên toàn thể", "Plenary session", "Hội trường lớn"),
            SessionSpec(-90, "13:30", "16:30", "Phiên chuyên đề", "Thematic sessions", "Hội trường lớn"),
        ),
        plan=RegistrationPlan(30, cancel=(10, 22)),
        closes_days_before=1,
    ),
    EventSpec(
        slug="chuyen-doi-so-cho-doanh-nghiep-khoi-nghiep",
        kind=EventKind.WORKSHOP,
        title_vi="Hội thảo chuyển đổi số cho doanh nghiệp khởi nghiệp",
        title_en="Workshop: digital transformation for startups",
        description_vi=(
            "Công cụ số miễn phí và chi phí thấp cho bán hàng, kế toán, quản trị nhân sự; chia sẻ từ các "
            "dự án đã qua giai đoạn ươm tạo."
        ),
        description_en=(
            "Free and low-cost digital tools for sales, accounting and HR, with stories from projects that "
            "have been through incubation."
        ),
        venue="bach-khoa",
        organizer="Không gian Đổi mới sáng tạo Thủ Đức",
        audience=Audience.STARTUPS,
        capacity=60,
        sessions=(
            SessionSpec(7, "13:30", "17:00", "Hội thảo", "Workshop", "Phòng B1-102"),
        ),
        plan=RegistrationPlan(18),
        closes_days_before=1,
    ),
]  # fmt: skip

# --- Exhibitors, meetings, support records ------------------------------------------------------------


class ExhibitorPlan(NamedTuple):
    approved: tuple[str, ...]  # project slugs, given booths A1, A2, ... in this order
    waitlisted: tuple[str, ...] = ()
    rejected: tuple[tuple[str, str], ...] = ()  # (project slug, reason)
    submitted: tuple[str, ...] = ()  # still waiting for a decision (upcoming events only)
    pitch: bool = False  # teams pitch on stage (demo day) instead of only showing at a booth


EXHIBITOR_PLANS: dict[str, ExhibitorPlan] = {
    "trien-lam-san-pham-doi-moi-sang-tao": ExhibitorPlan(
        approved=(
            "nong-trai-thuy-canh-iot",
            "phong-thi-nghiem-ao-stem",
            "kham-benh-tu-xa-nguoi-cao-tuoi",
            "sang-loc-vong-mac-ai",
            "so-ban-hang-tieu-thuong",
            "dien-mat-troi-mai-nha",
            "robot-han-cong-tac",
            "nhan-dang-chu-viet-tay",
            "gach-tu-nhua-tai-che",
            "huong-nghiep-thpt",
        ),
        waitlisted=("thoi-trang-tuan-hoan",),
        rejected=(("hoa-don-ho-kinh-doanh", "Dự án chưa có sản phẩm chạy thử để trưng bày tại gian hàng."),),
    ),
    "ket-noi-thi-truong-nong-nghiep-cong-nghe-cao": ExhibitorPlan(
        approved=(
            "nong-trai-thuy-canh-iot",
            "truy-xuat-sau-rieng",
            "phan-bon-vi-sinh-ba-ca-phe",
            "giam-sat-ao-tom",
            "kho-lanh-chia-se",
            "san-dac-san-vung-mien",
            "cham-diem-tin-dung-nong-ho",
        ),
        waitlisted=("phan-loai-rac-tich-diem",),
        rejected=(
            (
                "tour-am-thuc-dem",
                "Lĩnh vực của dự án không thuộc chủ đề nông nghiệp công nghệ cao của sự kiện.",
            ),
        ),
        submitted=("loc-nuoc-nhiem-man",),
    ),
    "demo-day-chuong-trinh-tang-toc": ExhibitorPlan(
        approved=(
            "phong-thi-nghiem-ao-stem",
            "kham-benh-tu-xa-nguoi-cao-tuoi",
            "so-ban-hang-tieu-thuong",
            "livestream-lang-nghe",
            "giao-hang-xe-may-dien",
            "dien-mat-troi-mai-nha",
            "bao-tri-du-doan",
            "chatbot-thu-tuc-hanh-chinh",
        ),
        waitlisted=("nong-trai-thuy-canh-iot",),
        rejected=(
            ("tro-ly-luyen-noi-tieng-anh", "Dự án chưa ở giai đoạn tăng tốc; mời đăng ký Demo Day đợt sau."),
        ),
        submitted=("bai-do-xe-thong-minh",),
        pitch=True,
    ),
    "demo-day-chuong-trinh-uom-tao-dot-1": ExhibitorPlan(
        approved=(
            "truy-xuat-sau-rieng",
            "giam-sat-ao-tom",
            "sang-loc-vong-mac-ai",
            "cham-diem-tin-dung-nong-ho",
            "kho-lanh-chia-se",
            "robot-han-cong-tac",
            "gach-tu-nhua-tai-che",
        ),
        waitlisted=("san-dac-san-vung-mien",),
        rejected=(("in-3d-linh-kien-thay-the", "Dự án chưa hoàn thành chương trình ươm tạo đợt 1."),),
        pitch=True,
    ),
    "ket-noi-doi-tac-quoc-te": ExhibitorPlan(
        approved=(
            "du-bao-ngap-do-thi",
            "bai-do-xe-thong-minh",
            "thuc-te-tang-cuong-di-tich",
            "tram-doi-pin-xe-may-dien",
            "chatbot-thu-tuc-hanh-chinh",
            "tro-ly-luyen-noi-tieng-anh",
            "bao-tri-du-doan",
        ),
        waitlisted=("den-duong-thong-minh",),
        rejected=(
            (
                "quan-trac-khong-khi",
                "Hồ sơ chưa có bản giới thiệu tiếng Anh theo yêu cầu của đối tác quốc tế.",
            ),
        ),
    ),
}

TEAM_ROLES = ["Trưởng nhóm", "Giám đốc công nghệ", "Phụ trách kinh doanh", "Thiết kế sản phẩm"]
BOOTH_NEEDS = [
    "Bàn trưng bày, 2 ghế, ổ cắm điện.",
    "Màn hình 43 inch để trình chiếu video sản phẩm, ổ cắm điện.",
    "Bàn trưng bày và kệ đặt thiết bị mẫu; cần wifi ổn định để chạy thử.",
    "Không gian 3 m² đặt mô hình thiết bị, 1 ổ cắm 220 V.",
]

# What visitors of each kind ask a project at a market-connection event.
MEETING_MESSAGES: dict[str, list[str]] = {
    "investor": [
        "Quỹ quan tâm đến mô hình doanh thu và kế hoạch gọi vốn vòng hạt giống; mong được trao đổi 20 phút.",
        "Muốn tìm hiểu số liệu tăng trưởng người dùng và nhu cầu vốn trong 12 tháng tới của dự án.",
    ],
    "customer": [
        "Doanh nghiệp đang tìm giải pháp này cho chuỗi cửa hàng; muốn hỏi giá và khả năng dùng thử.",
        "Chúng tôi muốn đặt thử một lô sản phẩm và trao đổi về điều kiện giao hàng.",
    ],
    "partner": [
        "Chương trình có thể hỗ trợ dự án thử nghiệm ở nước ngoài; muốn trao đổi điều kiện tham gia.",
        "Muốn giới thiệu dự án với mạng lưới vườn ươm trong khu vực và tìm hiểu nhu cầu hợp tác.",
    ],
    "expert": [
        "Muốn góp ý về thiết kế sản phẩm và giới thiệu chuyên gia kỹ thuật phù hợp.",
        "Trung tâm có phòng thí nghiệm có thể hỗ trợ kiểm định sản phẩm; muốn trao đổi lịch thử nghiệm.",
    ],
}
# The visitor's kind from their organisation's kind (others do not ask for meetings in the demo).
MEETING_REQUESTER_KINDS = {
    K.INTERMEDIARY: "investor",
    K.INTERNATIONAL: "partner",
    K.ENTERPRISE: "customer",
    K.INNOVATION_CENTRE: "expert",
}

# Support given by hand (not through an event), by the stage the project was at: (kind, notes).
SUPPORT_BY_STAGE: dict[str, list[tuple[str, list[str]]]] = {
    PRE: [
        (
            "mentoring",
            [
                "Cố vấn định kỳ về mô hình kinh doanh và khách hàng mục tiêu.",
                "Chuyên gia cố vấn hỗ trợ hoàn thiện sản phẩm mẫu (MVP).",
            ],
        ),
    ],
    INC: [
        (
            "testing",
            [
                "Thử nghiệm giải pháp tại đơn vị sự nghiệp công lập theo đặt hàng của thành phố.",
                "Thử nghiệm sản phẩm trong môi trường thực tế tại Khu Công nghệ cao TP.HCM.",
                "Thử nghiệm tại UBND phường, có biên bản đánh giá của đơn vị tiếp nhận.",
            ],
        ),
        ("funding", ["Hỗ trợ kinh phí hoàn thiện sản phẩm theo hình thức nhiệm vụ khoa học và công nghệ."]),
        ("mentoring", ["Cố vấn xây dựng kế hoạch thương mại hóa và bảo hộ sở hữu trí tuệ."]),
    ],
    ACC: [
        (
            "investor_connection",
            [
                "Giới thiệu dự án với quỹ đầu tư mạo hiểm; đã có buổi làm việc về điều khoản đầu tư.",
                "Kết nối với mạng lưới nhà đầu tư thiên thần, chuẩn bị vòng gọi vốn tiền Series A.",
            ],
        ),
        ("funding", ["Hỗ trợ kinh phí mở rộng thị trường theo chương trình tăng tốc."]),
    ],
}

# The demo check-in event's session: started an hour ago, ends in three (recomputed on every run).
DEMO_CHECKIN_SESSION = ("Ngày hội — điểm danh tại cửa", "Startup day — door check-in", "Sảnh tầng trệt")

ORGANISER_USERNAME = "demo-organiser"  # approves, rejects and records stage changes in the demo
DOOR_USERNAME = "demo-door"  # scans at the door; assigned to the demo check-in event and exhibitions
DEMO_USERS = [
    # (username, first name, last name, group, what the role is called in the summary)
    (ORGANISER_USERNAME, "Minh Anh", "Nguyễn", ORGANISER, "organiser"),
    (DOOR_USERNAME, "Quốc Bảo", "Trần", DOOR_STAFF, "door staff"),
    ("demo-reports", "Thu Hà", "Lê", REPORT_VIEWER, "report viewer"),
]


# --- Shared by the seeders -----------------------------------------------------------------------


def ascii_name(text: str) -> str:
    """`Đặng Thị` -> `dangthi`: Vietnamese without diacritics or spaces, for demo e-mail addresses."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace(" ", "")


def sign_up_window(event: "Event", now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """When people could sign up (or apply, or ask for meetings) for `event`, as far as the demo has got:
    from the opening of registration to its close, the first session or half an hour ago, whichever
    comes first. Demo actions are dated inside this window, so past events look as they would have."""
    first_start = event.sessions.order_by("starts_at").values_list("starts_at", flat=True).first()
    end = min(
        moment
        for moment in (event.registration_closes_at, first_start, now - datetime.timedelta(minutes=30))
        if moment is not None
    )
    return event.registration_opens_at, end


def summary_line(label: str, text: str) -> str:
    """One line of seed_demo's summary, aligned with the others."""
    return f"  {label + ':':18}{text}"


@dataclass
class DemoContext:
    """What seed_demo hands to each demo seeder (events.extensions.demo_seeders), after seeding events'
    own data. Everything a seeder draws at random comes from `random(...)`, seeded by names, so a second
    run draws the same and finds its rows already there."""

    now: datetime.datetime
    events: dict[str, "Event"]  # by slug
    organizations: dict[str, "Organization"]  # by name
    projects: dict[str, "StartupProject"]  # by slug
    organiser: Any  # the demo organiser (decisions and corrections are recorded as theirs)
    door_staff: Any  # the demo door-staff user
    seed: str = "2028"

    @property
    def today(self) -> datetime.date:
        return timezone.localdate(self.now)

    def random(self, *keys: object) -> random.Random:
        """A generator that depends only on `keys`: the same draws on every run and in every order."""
        return random.Random(":".join((self.seed, *(str(key) for key in keys))))

    def sign_up_window(self, event: "Event") -> tuple[datetime.datetime, datetime.datetime]:
        return sign_up_window(event, self.now)

    def past_events(self) -> list["Event"]:
        """Published events (not the check-in demo) with at least one session already over."""
        return [
            event
            for slug, event in self.events.items()
            if slug != DEMO_CHECKIN_SLUG
            and event.status == EventStatus.PUBLISHED
            and event.sessions.filter(ends_at__lte=self.now).exists()
        ]


# --- Partner hosts -----------------------------------------------------------------------------------
# Partner organisations that run some of the demo's events with their own staff (events.hosts); the
# programme office hosts the rest. (organisation name, host slug, the slugs of the events it hosts)
HOST_ORGANISER_USERNAME = "demo-host"  # organiser at the first partner host only
HOST_ORGANISER = ("Gia Huy", "Phạm", "host organiser")
PARTNER_HOSTS = [
    (
        "Vườn ươm Doanh nghiệp Công nghệ cao (SHTP-IC)",
        "vuon-uom-shtp-ic",
        [
            "nang-cao-nang-luc-uom-tao",
            "demo-day-chuong-trinh-uom-tao-dot-1",
            "ket-noi-thi-truong-nong-nghiep-cong-nghe-cao",
        ],
    ),
    (
        "Trung tâm Khởi nghiệp Đổi mới sáng tạo TP.HCM (SIHUB)",
        "sihub",
        [
            "huan-luyen-co-van-khoi-nghiep",
            "demo-day-chuong-trinh-tang-toc",
            "trien-lam-giai-phap-do-thi-thong-minh",
        ],
    ),
    (
        "Trường Đại học Bách khoa – ĐHQG-HCM",
        "dai-hoc-bach-khoa",
        ["chuyen-doi-so-cho-doanh-nghiep-khoi-nghiep"],
    ),
]
# One published news post per host about one of its events: (host slug or "" for the programme office,
# event slug, post slug, title vi, title en, summary vi, summary en)
HOST_NEWS = [
    (
        "",
        "dien-dan-doi-moi-sang-tao-muc-tieu-2028",
        "mo-dang-ky-dien-dan-dmst-2028",
        "Mở đăng ký Diễn đàn Đổi mới sáng tạo – mục tiêu 2028",
        "Registration opens for the 2028 innovation forum",
        "Văn phòng Chương trình mời các tổ chức hỗ trợ và dự án khởi nghiệp đăng ký tham dự diễn đàn.",
        "The programme office invites support organisations and startup projects to the forum.",
    ),
    (
        "vuon-uom-shtp-ic",
        "demo-day-chuong-trinh-uom-tao-dot-1",
        "shtp-ic-demo-day-uom-tao-dot-1",
        "SHTP-IC giới thiệu các dự án ươm tạo đợt 1",
        "SHTP-IC presents its first incubation cohort",
        "Các dự án ươm tạo đợt 1 trình bày sản phẩm trước nhà đầu tư và doanh nghiệp.",
        "The first incubation cohort pitches to investors and companies.",
    ),
    (
        "sihub",
        "demo-day-chuong-trinh-tang-toc",
        "sihub-demo-day-tang-toc",
        "SIHUB tổ chức Demo Day chương trình tăng tốc",
        "SIHUB hosts the accelerator demo day",
        "Các dự án tốt nghiệp chương trình tăng tốc gặp gỡ quỹ đầu tư và đối tác.",
        "Accelerator graduates meet funds and partners.",
    ),
]
