"""factory_boy factories with obvious defaults, one per model, shared by every test package."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from competitions.enums import StageKind
from competitions.models import AttachmentRequirement, AwardTier, Category, Competition, Criterion, RubricLevel, Stage
from judging.models import Assignment, ConflictOfInterest, JuryMember, Score, Scorecard
from kipp.enums import Role, UnitKind
from kipp.models import Unit, User
from submissions.enums import SubmissionStatus
from submissions.models import Submission

PASSWORD = "s3cret-pass"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    short_name = factory.Sequence(lambda n: f"DC{n}")
    kind = UnitKind.DINAS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    full_name = factory.Sequence(lambda n: f"Pengguna {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """Add a role group: `UserFactory(role=Role.JUROR)`; the subclasses below default to theirs."""
        _add_role(self, create, extracted)


def _add_role(user, create, role):
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    if create:
        user.save()


class OperatorFactory(UserFactory):
    unit = factory.SubFactory(UnitFactory)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        _add_role(self, create, extracted or Role.OPERATOR)


class JurorFactory(UserFactory):
    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        _add_role(self, create, extracted or Role.JUROR)


class CommitteeFactory(UserFactory):
    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        _add_role(self, create, extracted or Role.COMMITTEE)


# Years some tests build by hand (fuzz worlds, the benchmark test, the ranking property, the backup
# test): the factory never hands them out, so a test that mixes both never meets a duplicate year.
FIXED_TEST_YEARS = frozenset({2041, 2042, 2043, 2044, 2050, 2099})
FACTORY_YEARS = tuple(year for year in range(2030, 2101) if year not in FIXED_TEST_YEARS)


class CompetitionFactory(factory.django.DjangoModelFactory):
    """An announced competition whose submission window is open now."""

    class Meta:
        model = Competition

    year = factory.Sequence(lambda n: FACTORY_YEARS[n % len(FACTORY_YEARS)])
    title = factory.LazyAttribute(lambda o: f"KIPP Kota Malang {o.year}")
    is_announced = True
    submission_opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    submission_closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=20))
    min_months_in_operation = 12
    max_submissions_per_unit = 3
    top_n = 10


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    competition = factory.SubFactory(CompetitionFactory)
    name = factory.Sequence(lambda n: f"Kategori {n}")


class AwardTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardTier

    competition = factory.SubFactory(CompetitionFactory)
    name = "Tiga Besar"
    first_place = 1
    last_place = 3


class StageFactory(factory.django.DjangoModelFactory):
    """A scoring stage that is open now."""

    class Meta:
        model = Stage

    competition = factory.SubFactory(CompetitionFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Tahap {n}")
    kind = StageKind.SCORING
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    weight = Decimal("100")
    jurors_per_submission = 3


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    stage = factory.SubFactory(StageFactory)
    order = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Kriteria {n}")
    weight = Decimal("100")
    max_score = 100


class RubricLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RubricLevel

    criterion = factory.SubFactory(CriterionFactory)
    min_score = 0
    max_score = 50
    label = "Cukup"


class AttachmentRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttachmentRequirement

    competition = factory.SubFactory(CompetitionFactory)
    code = factory.Sequence(lambda n: f"surat-{n}")
    name = factory.Sequence(lambda n: f"Surat pernyataan {n}")


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    competition = factory.SubFactory(CompetitionFactory)
    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"INOVASI {n}")
    acronym_meaning = "Inovasi Nyata Organisasi Vital"
    summary = "Ringkasan inovasi."
    started_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=800))
    status = SubmissionStatus.DRAFT


class JuryMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JuryMember

    stage = factory.SubFactory(StageFactory)
    juror = factory.SubFactory(JurorFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    stage = factory.SubFactory(StageFactory)
    submission = factory.SubFactory(
        SubmissionFactory, competition=factory.SelfAttribute("..stage.competition"), status=SubmissionStatus.ELIGIBLE
    )
    juror = factory.SubFactory(JurorFactory)


class ScorecardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scorecard

    assignment = factory.SubFactory(AssignmentFactory)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    scorecard = factory.SubFactory(ScorecardFactory)
    criterion = factory.SubFactory(CriterionFactory, stage=factory.SelfAttribute("..scorecard.assignment.stage"))
    value = Decimal("50")


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictOfInterest

    juror = factory.SubFactory(JurorFactory)
    submission = factory.SubFactory(SubmissionFactory)
    reason = "Keluarga inovator"
    source = "declared"
