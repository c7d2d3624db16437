"""Typed records of the directory import format and the reference data they are checked against.

Pure: nothing here touches the database, so the validation rules are tested on plain data.
"""

from dataclasses import dataclass, field
from datetime import date, time

from lib.text import fold


@dataclass(frozen=True)
class Text:
    """A translatable text: French first; an empty English value falls back to French when shown."""

    fr: str = ""
    en: str = ""

    def columns(self, name: str) -> dict[str, str]:
        """Model keyword arguments, e.g. {"name_fr": …, "name_en": …}."""
        return {f"{name}_fr": self.fr, f"{name}_en": self.en}


@dataclass(frozen=True)
class MunicipalityRef:
    code: str
    name: str
    region_code: str
    latitude: float
    longitude: float


@dataclass
class Reference:
    """What records are checked against: geography and taxonomy, loaded once per import."""

    municipalities: dict[str, MunicipalityRef] = field(default_factory=dict)
    regions: frozenset[str] = frozenset()
    clienteles: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    fsas: frozenset[str] = frozenset()  # empty: postal areas not loaded, only the format is checked
    codes_by_key: dict[str, list[str]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for muni in self.municipalities.values():
            self.codes_by_key.setdefault(fold(muni.name), []).append(muni.code)

    def municipality_matches(self, value: str) -> list[MunicipalityRef]:
        """Municipalities a code ("23027") or a name (any case, accents optional) designates."""
        value = value.strip()
        if value in self.municipalities:
            return [self.municipalities[value]]
        return [self.municipalities[code] for code in sorted(self.codes_by_key.get(fold(value), []))]


@dataclass
class PhoneRecord:
    number: str
    extension: str = ""
    phone_type: str = "voice"
    description: Text = Text()
    uuid: str | None = None  # HSDS id; None: a new one is given (or the existing one kept)


@dataclass
class ScheduleRecord:
    byday: str
    opens_at: time
    closes_at: time
    description: Text = Text()
    uuid: str | None = None  # HSDS id; None: a new one is given (or the existing one kept)


@dataclass
class LanguageRecord:
    code: str
    name: Text
    uuid: str | None = None  # HSDS id; None: a new one is given (or the existing one kept)


@dataclass
class AccessibilityRecord:
    description: Text
    details: Text = Text()
    url: str = ""
    uuid: str | None = None  # HSDS id; None: a new one is given (or the existing one kept)


@dataclass
class AddressRecord:
    address_1: str
    city: str
    postal_code: str
    address_2: str = ""
    address_type: str = "physical"
    uuid: str | None = None  # HSDS id; None: a new one is given (or the existing one kept)


@dataclass
class ServiceAreaRecord:
    name: Text
    description: Text = Text()
    region_code: str | None = None
    municipality_code: str | None = None
    uuid: str | None = None  # HSDS id; None: a new one is given (or the existing one kept)


@dataclass
class LocationRecord:
    slug: str
    name: Text
    latitude: float
    longitude: float
    municipality_code: str
    region_code: str
    description: Text = Text()
    transportation: Text = Text()
    addresses: list[AddressRecord] = field(default_factory=list)
    phones: list[PhoneRecord] = field(default_factory=list)
    schedules: list[ScheduleRecord] = field(default_factory=list)
    languages: list[LanguageRecord] = field(default_factory=list)
    accessibility: list[AccessibilityRecord] = field(default_factory=list)
    uuid: str | None = None  # HSDS id; None: a new one is given (or the existing one kept)
    hsds_extra: dict = field(default_factory=dict)  # what an HSDS import keeps without a column


@dataclass
class ServiceRecord:
    slug: str
    name: Text
    clienteles: list[str]
    kinds: list[str]
    description: Text = Text()
    url: str = ""
    email: str = ""
    status: str = "active"
    fees_description: Text = Text()
    eligibility_description: Text = Text()
    application_process: Text = Text()
    assured_date: date | None = None
    assurer: str = ""
    phones: list[PhoneRecord] = field(default_factory=list)
    schedules: list[ScheduleRecord] = field(default_factory=list)
    languages: list[LanguageRecord] = field(default_factory=list)
    service_areas: list[ServiceAreaRecord] = field(default_factory=list)
    uuid: str | None = None  # HSDS id; None: a new one is given (or the existing one kept)
    hsds_extra: dict = field(default_factory=dict)  # what an HSDS import keeps without a column


@dataclass
class ServicePointRecord:
    service_slug: str
    location_slug: str
    description: Text = Text()
    is_active: bool = True
    uuid: str | None = None  # HSDS id; None: a new one is given (or the existing one kept)
    hsds_extra: dict = field(default_factory=dict)  # what an HSDS import keeps without a column


@dataclass
class OrganizationRecord:
    slug: str
    name: Text
    description: Text
    digest: str
    alternate_name: str = ""
    email: str = ""
    website: str = ""
    is_member: bool = False
    is_sample: bool = False
    phones: list[PhoneRecord] = field(default_factory=list)
    services: list[ServiceRecord] = field(default_factory=list)
    locations: list[LocationRecord] = field(default_factory=list)
    service_points: list[ServicePointRecord] = field(default_factory=list)
    index: int = 0  # position in the import file, for reports

    uuid: str | None = None  # HSDS id; None: a new one is given (or the existing one kept)
    hsds_extra: dict = field(default_factory=dict)  # what an HSDS import keeps without a column
