from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    SCIENCE_TECH = "science_tech", _("Science and technology organisation")
    INNOVATION_CENTRE = "innovation_centre", _("Innovation centre")
    INTERMEDIARY = "intermediary", _("Startup-support intermediary")
    UNIVERSITY = "university", _("University or school")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    STATE_AGENCY = "state_agency", _("State agency")
    ENTERPRISE = "enterprise", _("Enterprise")
    STARTUP = "startup", _("Startup")
    INTERNATIONAL = "international", _("International organisation")
    OTHER = "other", _("Other")


class ProjectStage(models.TextChoices):
    PRE_INCUBATION = "pre_incubation", _("Pre-incubation")
    INCUBATION = "incubation", _("Incubation")
    ACCELERATION = "acceleration", _("Acceleration")


class Sector(models.TextChoices):
    AGRITECH = "agritech", _("Agriculture and food")
    EDTECH = "edtech", _("Education")
    HEALTHTECH = "healthtech", _("Health")
    FINTECH = "fintech", _("Finance")
    ECOMMERCE = "ecommerce", _("Retail and e-commerce")
    LOGISTICS = "logistics", _("Logistics and mobility")
    CLEANTECH = "cleantech", _("Energy and environment")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    TOURISM = "tourism", _("Tourism and culture")
    AI_DATA = "ai_data", _("AI and data")
    SMART_CITY = "smart_city", _("Smart city")
    OTHER = "other", _("Other")


class EventKind(models.TextChoices):
    COURSE = "course", _("Training course")
    EXHIBITION = "exhibition", _("Exhibition")
    MARKET_CONNECTION = "market_connection", _("Market connection")
    DEMO_DAY = "demo_day", _("Demo day")
    WORKSHOP = "workshop", _("Workshop")
    CONFERENCE = "conference", _("Conference")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    SUPPORT_ORGANISATIONS = "support_organisations", _("Support organisations")
    STATE_AGENCIES = "state_agencies", _("State agencies")
    STARTUPS = "startups", _("Startup teams")
    INVESTORS = "investors", _("Investors and partners")
    STUDENTS = "students", _("Students and young people")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    REJECTED = "rejected", _("Rejected")


class RegistrationSource(models.TextChoices):
    WEB = "web", _("Web form")
    API = "api", _("API")
    STAFF = "staff", _("Staff")
    NOMINATION = "nomination", _("Nomination")
    WALK_IN = "walk_in", _("Walk-in at the door")
    IMPORT = "import", _("Imported list")


class HostRole(models.TextChoices):
    """What a member of a host's staff may do, for that host's events only."""

    ORGANISER = "organiser", _("Host organiser")
    DOOR_STAFF = "door_staff", _("Host door staff")
    REPORT_VIEWER = "report_viewer", _("Host report viewer")
