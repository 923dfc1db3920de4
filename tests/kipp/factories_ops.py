"""Factories for the models tests/factories.py does not cover yet, used by the audit and backup tests."""

import hashlib
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from competitions.enums import RankingMethod
from judging.enums import TieResolutionMethod
from judging.models import Publication, PublishedEntry, StageAdvancement, TieResolution
from submissions.enums import AttachmentKind, ScreeningDecision, SubmissionStatus
from submissions.models import Attachment, Screening, SubmissionEvent
from tests.factories import CompetitionFactory, StageFactory, SubmissionFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A stored PDF statement letter (or any bytes given as `content`)."""

    class Meta:
        model = Attachment

    class Params:
        content = PDF_BYTES

    submission = factory.SubFactory(SubmissionFactory)
    kind = AttachmentKind.STATEMENT
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name="surat.pdf"))
    original_name = "Surat pernyataan.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())


class SubmissionEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubmissionEvent

    submission = factory.SubFactory(SubmissionFactory)
    from_status = SubmissionStatus.DRAFT
    to_status = SubmissionStatus.SUBMITTED


class ScreeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Screening

    submission = factory.SubFactory(SubmissionFactory, status=SubmissionStatus.SUBMITTED)
    decision = ScreeningDecision.ELIGIBLE
    note = "Berkas lengkap."


class StageAdvancementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageAdvancement

    stage = factory.SubFactory(StageFactory)
    submission = factory.SubFactory(SubmissionFactory, competition=factory.SelfAttribute("..stage.competition"))
    stage_score = Decimal("81.2500")


class TieResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TieResolution

    competition = factory.SubFactory(CompetitionFactory)
    method = TieResolutionMethod.LOTS
    ordered_submission_ids = factory.LazyFunction(list)
    note = "Undian disaksikan seluruh panitia."


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    competition = factory.SubFactory(CompetitionFactory)
    version = factory.Sequence(lambda n: n + 1)
    method = RankingMethod.RAW_MEAN
    methodology = "Rata-rata nilai juri."
    fingerprint = "0" * 64
    snapshot = factory.LazyFunction(lambda: {"entries": []})


class PublishedEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublishedEntry

    publication = factory.SubFactory(PublicationFactory)
    submission = factory.SubFactory(SubmissionFactory, competition=factory.SelfAttribute("..publication.competition"))
    rank = 1
    score = Decimal("88.5000")
    innovation_name = factory.SelfAttribute("submission.name")
    unit_name = factory.SelfAttribute("submission.unit.name")
