"""The schema: every table of the 2020 자치행정과 report, and what staff add to it.

Conventions
- Money is integer won (a 천원 figure × 1000). Never float.
- Areas are integer hundredths of a square metre (``*_m2_x100``): 565.00 ㎡ → 56500,
  so sums are exact.
- A date the report gives only to the month is stored as its first day plus a
  precision (``day`` / ``month`` / ``year``); ``*_text`` keeps the words as printed.
- ``printed`` columns keep a figure exactly as the report prints it ("△2", "-", "97%"):
  the seed never corrects the report; the audit compares.
- Imported lazily: importing SQLModel costs ~250 ms, so nothing on the path to the
  first paint imports this module.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel, UniqueConstraint


class Report(SQLModel, table=True):
    """The source document itself (one row per report loaded)."""

    __tablename__ = "report"

    id: int | None = Field(default=None, primary_key=True)
    title: str
    division: str
    council_session: str
    session_starts_on: dt.date
    session_ends_on: dt.date


class ReportTotal(SQLModel, table=True):
    """A total or summary figure printed in the report (계 rows, stated sums).

    Kept apart from the rows it sums so the audit can compare the two.
    """

    __tablename__ = "report_total"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    section: str
    label: str
    value: int | None = Field(default=None, sa_type=BigInteger)
    unit: str
    printed: str


class StaffingCount(SQLModel, table=True):
    """One cell of the 인력 table: 정원/현원/과부족 × series × grade."""

    __tablename__ = "staffing"
    __table_args__ = (UniqueConstraint("row_kind", "series", "grade"),)

    id: int | None = Field(default=None, primary_key=True)
    row_kind: str  # 정원 | 현원 | 과부족
    series: str  # 일반직 | 관리운영직 | 별정직·임기제
    grade: str  # 4급 … 9급
    headcount: int | None  # None: blank cell; 0: printed "-"
    printed: str


class Facility(SQLModel, table=True):
    """A 동주민센터, 자치회관, former dong office (舊 청사) or the 자원봉사센터."""

    __tablename__ = "facility"

    id: int | None = Field(default=None, primary_key=True)
    seq: int
    name: str = Field(unique=True)
    kind: str  # 동주민센터 | 자치회관 | 舊청사 | 자원봉사센터
    dong: str | None = None
    address: str
    land_m2_x100: int | None = None
    building_m2_x100: int | None = None
    floors_below: int | None = None
    floors_above: int | None = None
    completed_on: dt.date | None = None
    completed_on_text: str | None = None
    operator: str | None = None
    head: str | None = None
    note: str | None = None
    # Search key (core.search.search_key); NULL until wardtui.db.facilities computes it.
    search_text: str | None = None
    search_initials: str | None = None


class Vehicle(SQLModel, table=True):
    """A row of 장비 현황 or of the 자원봉사센터's equipment."""

    __tablename__ = "vehicle"

    id: int | None = Field(default=None, primary_key=True)
    seq: int
    category: str | None = None  # 소형화물 | 전기차 | 차량
    model: str
    count: int
    use: str | None = None
    holder: str | None = None  # 동주민센터 | 자치행정과 | 자원봉사센터
    facility_id: int | None = Field(default=None, foreign_key="facility.id")
    model_year: int | None = None
    note: str | None = None


class UnitBudget(SQLModel, table=True):
    """A 단위사업 of 예산 현황 (executed as of 10.31, projected to 12.31)."""

    __tablename__ = "unit_budget"

    id: int | None = Field(default=None, primary_key=True)
    fiscal_year: int
    seq: int
    name: str
    budget_won: int = Field(sa_type=BigInteger)
    executed_won: int = Field(sa_type=BigInteger)
    projected_won: int = Field(sa_type=BigInteger)
    executed_as_of: dt.date
    printed_rate: str | None = None


class Project(SQLModel, table=True):
    """A project page of the report: 2020 실적 (Ⅱ), 2021 계획 (Ⅲ) or 신규·중점 (Ⅳ)."""

    __tablename__ = "project"

    id: int | None = Field(default=None, primary_key=True)
    part: str  # Ⅱ | Ⅲ | Ⅳ
    seq: int
    year: int
    name: str
    team: str | None = None
    purpose: str | None = None
    unit_budget_id: int | None = Field(default=None, foreign_key="unit_budget.id")
    budget_won: int | None = Field(default=None, sa_type=BigInteger)
    executed_won: int | None = Field(default=None, sa_type=BigInteger)
    printed_rate: str | None = None
    budget_printed: str | None = None
    executed_printed: str | None = None


class ProjectFunding(SQLModel, table=True):
    """An amount of a project split by funding source (국비/시비/구비/특교/사비)."""

    __tablename__ = "project_funding"
    __table_args__ = (UniqueConstraint("project_id", "measure", "source"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    measure: str  # 예산 | 집행 | 총사업비
    source: str  # 국비 | 시비 | 구비 | 특교 | 사비
    source_printed: str
    amount_won: int = Field(sa_type=BigInteger)


class ProjectLine(SQLModel, table=True):
    """A line of a project page as printed, under its heading (사업개요, 향후계획 …)."""

    __tablename__ = "project_line"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    seq: int
    heading: str
    level: int = 0
    label: str | None = None
    text: str


class ProjectFigure(SQLModel, table=True):
    """A number stated in a project's text (51건, 286,430천원 …), for the audit."""

    __tablename__ = "project_figure"
    __table_args__ = (UniqueConstraint("project_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    key: str
    label: str
    value: int = Field(sa_type=BigInteger)
    unit: str
    printed: str


class Milestone(SQLModel, table=True):
    """A dated history or plan item of a project; staff log more in the field.

    The id is a UUID string so entries made on two laptops merge without collisions.
    """

    __tablename__ = "milestone"

    id: str = Field(primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    seq: int
    heading: str | None = None
    starts_on: dt.date | None = None
    start_precision: str | None = None  # day | month | year
    ends_on: dt.date | None = None
    end_precision: str | None = None
    date_text: str | None = None
    title: str
    note: str | None = None
    state: str  # 계획 | 진행 | 완료 | 취소
    origin: str = "report"  # report | user
    version: int = 1
    updated_at: dt.datetime | None = None
    created_by: str | None = None
    removed_at: dt.datetime | None = None


class PaymentProgram(SQLModel, table=True):
    """An allowance, insurance, gift or scholarship the office pays."""

    __tablename__ = "payment_program"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str
    parent_id: int | None = Field(default=None, foreign_key="payment_program.id")
    recipient_role: str  # 통장 | 반장 | 통장자녀
    cadence: str  # monthly | yearly | holiday | half_year
    note: str | None = None


class PaymentRun(SQLModel, table=True):
    """One payment of a programme for a period, as a batch (the report's 2020 figures)."""

    __tablename__ = "payment_run"

    id: str = Field(primary_key=True)
    program_id: int = Field(foreign_key="payment_program.id")
    period: str  # 2020-03 | 2020-설 | 2020-상반기 | 2020 | 2020-01~2020-10
    period_text: str | None = None
    headcount: int | None = None
    unit_amount_won: int | None = Field(default=None, sa_type=BigInteger)
    amount_won: int = Field(sa_type=BigInteger)
    paid_on: dt.date | None = None
    origin: str = "report"
    note: str | None = None


class Election(SQLModel, table=True):
    """An election the office runs: recorded in the report or added by staff."""

    __tablename__ = "election"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    kind: str  # presidential | assembly | local
    election_day: dt.date
    by_election: bool = False
    cause_on: dt.date | None = None
    polling_hours: str | None = None
    origin: str = "report"
    note: str | None = None


class ElectionEvent(SQLModel, table=True):
    """A step of an election's schedule as the office recorded it.

    ``event_key`` ties it to the statutory rule that sets its deadline, so the app can
    show the recorded date beside the statutory one (they differ once: 2020 투표안내문).
    """

    __tablename__ = "election_event"

    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id")
    seq: int
    event_key: str | None = None
    name: str
    recorded_start: dt.date | None = None
    recorded_end: dt.date | None = None
    recorded_text: str | None = None
    note: str | None = None


class ElectionStat(SQLModel, table=True):
    """A statistic of an election (polling stations, electorate, turnout …)."""

    __tablename__ = "election_stat"
    __table_args__ = (UniqueConstraint("election_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id")
    key: str
    label: str
    value: int = Field(sa_type=BigInteger)
    unit: str
    printed: str


class ElectionContest(SQLModel, table=True):
    """An office contested in an election (시장; 구의원 바선거구 …)."""

    __tablename__ = "election_contest"

    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id")
    office: str
    district: str | None = None
    area: str | None = None


# -- 0002: what staff log in the field and at the desk ---------------------------------
class ExecutionEntry(SQLModel, table=True):
    """Budget execution logged for a project (adds to the report's executed amount).

    The id is a UUID string so entries made on two laptops merge without collisions.
    A removed entry keeps its row with ``removed_at`` set: nothing leaves the history.
    """

    __tablename__ = "execution_entry"

    id: str = Field(primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    source: str  # 국비 | 시비 | 구비 | 특교 | 사비
    amount_won: int = Field(sa_type=BigInteger)
    executed_on: dt.date
    note: str | None = None
    created_at: dt.datetime
    created_by: str
    version: int = 1
    removed_at: dt.datetime | None = None


class ChangeLog(SQLModel, table=True):
    """Every add, edit and removal of logged data, with who, when, and the values."""

    __tablename__ = "change_log"

    id: int | None = Field(default=None, primary_key=True)
    changed_at: dt.datetime
    changed_by: str
    entity: str  # milestone | execution_entry | recipient | payment | payment_rate | election | holiday
    entity_id: str
    project_id: int | None = Field(default=None, foreign_key="project.id", index=True)
    action: str  # add | edit | remove | restore
    old_values: str | None = None  # JSON
    new_values: str | None = None  # JSON


class Recipient(SQLModel, table=True):
    """A 통장, 반장, or a 통장's child who receives a scholarship (personal data)."""

    __tablename__ = "recipient"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    role: str  # 통장 | 반장 | 통장자녀
    dong: str
    tong: int | None = None
    ban: int | None = None
    parent_id: int | None = Field(default=None, foreign_key="recipient.id")
    school_level: str | None = None  # 고등학생 | 대학생
    appointed_on: dt.date | None = None
    ended_on: dt.date | None = None
    note: str | None = None
    version: int = 1


class PaymentRate(SQLModel, table=True):
    """The unit amount of a programme from a date (활동보상금 per month, 보상품 per 반장 …)."""

    __tablename__ = "payment_rate"

    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="payment_program.id")
    unit_amount_won: int = Field(sa_type=BigInteger)
    unit: str  # 월 | 회 | 인 | 반기 | 명절
    valid_from: dt.date
    valid_to: dt.date | None = None
    note: str | None = None
    version: int = 1


class Payment(SQLModel, table=True):
    """One ledger row: a payment to one recipient for a programme and period.

    state: 지급 (in force), 정정됨 (reversed: see the 환수 row pointing at it), 환수 (the
    reversal entry, negative amount). The database allows one 지급 row per recipient,
    programme and period (a partial unique index), so nobody is paid twice.
    """

    __tablename__ = "payment"

    id: str = Field(primary_key=True)
    program_id: int = Field(foreign_key="payment_program.id")
    recipient_id: int | None = Field(default=None, foreign_key="recipient.id")
    run_id: str | None = Field(default=None, foreign_key="payment_run.id")
    period: str
    amount_won: int = Field(sa_type=BigInteger)
    paid_on: dt.date
    state: str = "지급"
    reverses_id: str | None = Field(default=None, foreign_key="payment.id")
    note: str | None = None
    created_at: dt.datetime
    created_by: str


class Holiday(SQLModel, table=True):
    """A local override of the public-holiday calendar (a temporary holiday, or a removal)."""

    __tablename__ = "holiday"

    id: int | None = Field(default=None, primary_key=True)
    day: dt.date = Field(unique=True)
    name: str
    is_holiday: bool = True
    note: str | None = None
