"""The access policy: for every URL name, what each of the eight personas gets for GET and for POST.

A row lists eight outcomes per method, in the order of `PERSONAS`:

    anonymous, operator_own, operator_other, juror_assigned, juror_unassigned, juror_conflict, committee,
    superuser

Outcomes: "ok" (2xx, or a redirect elsewhere than the log-in page), "login" (redirect to the log-in page),
"403", "404" (an object the persona may not know of), "405" (method not allowed). POSTs carry an empty
body. Each row names the world objects its URL kwargs are filled from (by kwarg name, `DEFAULT_OBJECTS`
otherwise); `variants` probe the same URL with other objects (an unpublished year, another juror's voided
assignment, ...). Every integer kwarg is also probed with pk - 1, pk + 1 and a very large id; see
`neighbour_outcomes` for what those must give.

Why the rows are what they are (kipp/permissions.py, docs/ARCHITECTURE.md "Roles"): anonymous visitors are
sent to log in; a logged-in user without the role gets 403; an object outside the user's scope is a 404
(scoped querysets). The superuser passes every named permission (Django's superuser has them all) but owns
no unit and no assignment, so unit- and juror-scoped objects are 404 for it.

Personas relative to the world (tests/security/conftest.py): "operator_own" operates the unit that owns the
sentinel submissions (and is the parent unit of the school whose proposal awaits endorsement);
"juror_assigned" is juror A, assigned to the sentinel with a final scorecard; "juror_unassigned" sits on the
same panel with other work; "juror_conflict" has a recorded conflict on the sentinel (its assignment voided).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.security.matrix import OUTCOMES

PERSONAS = (
    "anonymous",
    "operator_own",
    "operator_other",
    "juror_assigned",
    "juror_unassigned",
    "juror_conflict",
    "committee",
    "superuser",
)

# Neighbour rules (see neighbour_outcomes).
SCOPED = "scoped"  # an id next to the object belongs to someone else: 404 for every scoped persona
PUBLIC = "public"  # the kwarg names public things (a year, a published place): ok or 404, never worse

DEFAULT_OBJECTS = {
    "year": "live_year",
    "pk": "sentinel",
    "stage_id": "desk_stage",
    "stage_pk": "desk_stage",
    "criterion_id": "desk_criterion",
    "attachment_pk": "draft_document",
    "version": "publication_version",
    "rank": "winner_rank",
    "code": "language",
    "uidb64": "uidb64",
    "token": "token",
}


def cells(spec: str) -> tuple[str, ...]:
    """Eight outcomes, space-separated, in PERSONAS order."""
    outcomes = tuple(spec.split())
    if len(outcomes) != len(PERSONAS) or not set(outcomes) <= OUTCOMES:
        raise ValueError(f"policy cells must be {len(PERSONAS)} of {sorted(OUTCOMES)}: {spec!r}")
    return outcomes


@dataclass(frozen=True)
class Variant:
    label: str
    objects: dict[str, str]
    get: tuple[str, ...]
    post: tuple[str, ...]


@dataclass(frozen=True)
class Row:
    get: tuple[str, ...]
    post: tuple[str, ...]
    objects: dict[str, str] = field(default_factory=dict)
    neighbours: str = SCOPED
    variants: tuple[Variant, ...] = ()


def row(get: str, post: str | None = None, **kwargs) -> Row:
    return Row(get=cells(get), post=cells(post if post is not None else get), **kwargs)


def variant(label: str, objects: dict[str, str], get: str, post: str | None = None) -> Variant:
    return Variant(label=label, objects=objects, get=cells(get), post=cells(post if post is not None else get))


#                  anon  op_own op_other j_assigned j_unassigned j_conflict committee superuser
EVERYONE = "ok ok ok ok ok ok ok ok"
NOBODY_405 = "405 405 405 405 405 405 405 405"
NOBODY_404 = "404 404 404 404 404 404 404 404"
LOGGED_IN = "login ok ok ok ok ok ok ok"
LOGGED_IN_405 = "login 405 405 405 405 405 405 405"
COMMITTEE = "login 403 403 403 403 403 ok ok"
COMMITTEE_405 = "login 403 403 403 403 403 405 405"
OPERATORS = "login ok ok 403 403 403 403 ok"
OWN_UNIT_WRITE = "login ok 404 403 403 403 403 404"
OWN_UNIT_WRITE_UNKNOWN = "login 404 404 403 403 403 403 404"
SUBMISSION_READERS = "login ok 404 ok 404 404 ok ok"
JUROR_PAGES = "login 403 403 ok ok ok 403 ok"
OWN_ASSIGNMENT = "login 403 403 ok 404 404 403 404"
FEEDBACK_READERS = "login ok ok 403 403 403 ok ok"

# Public pages read only the active publication: GET for everyone, nothing to POST; 404 before publication.
UNPUBLISHED_YEAR = {"year": "hidden_year"}


def public_year_row(**kwargs) -> Row:
    return row(
        EVERYONE,
        NOBODY_405,
        objects={"year": "published_year", **kwargs.pop("objects", {})},
        variants=(variant("tahun belum diumumkan", UNPUBLISHED_YEAR, NOBODY_404, NOBODY_405),),
        **kwargs,
    )


def public_innovation_row() -> Row:
    return row(
        EVERYONE,
        NOBODY_405,
        objects={"pk": "published_sentinel"},
        variants=(variant("usulan belum diumumkan", {"pk": "sentinel"}, NOBODY_404, NOBODY_405),),
    )


def committee_row(**kwargs) -> Row:
    return row(COMMITTEE, COMMITTEE, **kwargs)


# The unannounced year has no scoring stage yet: the committee's ranking pages must still answer.
NO_SCORING_STAGE = (variant("tahun tanpa tahap penilaian", UNPUBLISHED_YEAR, COMMITTEE),)


OWN_DRAFT = {"pk": "draft"}

POLICY: dict[str, Row] = {
    # Public pages ------------------------------------------------------------------------------------
    "home": row(EVERYONE, NOBODY_405),
    "judging_public:results_index": row(EVERYONE, NOBODY_405),
    "judging_public:results": public_year_row(),
    "judging_public:ceremony": public_year_row(),
    "judging_public:snapshot": public_year_row(),
    # Places next to a published place are published too (or do not exist).
    "judging_public:certificate": public_year_row(neighbours=PUBLIC),
    "judging_public:innovation": public_innovation_row(),
    "judging_public:photo": public_innovation_row(),
    "judging_public:archive": row(EVERYONE, NOBODY_405),
    # The announcement is public once announced (the view ignores the method: a POST reads it too);
    # the committee previews an unannounced year. Other years are public knowledge.
    "competitions:announcement": row(
        EVERYONE,
        EVERYONE,
        neighbours=PUBLIC,
        variants=(variant("tahun belum diumumkan", UNPUBLISHED_YEAR, "404 404 404 404 404 404 ok ok"),),
    ),
    "healthz": row(EVERYONE, NOBODY_405),
    "switch_language": row(EVERYONE, NOBODY_405),
    # Accounts ----------------------------------------------------------------------------------------
    # A logged-in visitor of the log-in page is sent on to its dashboard; an empty POST re-renders the form.
    "login": row(EVERYONE, EVERYONE),
    "logout": row(NOBODY_405, EVERYONE),
    "password_change": row(LOGGED_IN, LOGGED_IN),
    "password_change_done": row(LOGGED_IN, LOGGED_IN_405),
    "password_reset": row(EVERYONE, EVERYONE),
    "password_reset_done": row(EVERYONE, NOBODY_405),
    "password_reset_confirm": row(EVERYONE, EVERYONE),
    "password_reset_complete": row(EVERYONE, NOBODY_405),
    "dashboard": row(LOGGED_IN, LOGGED_IN),
    "login_lockouts": row(COMMITTEE, COMMITTEE_405),
    "login_unlock": row(COMMITTEE_405, COMMITTEE),
    # The committee's configuration -------------------------------------------------------------------
    "competitions:overview": committee_row(),
    "competitions:create": committee_row(),
    "competitions:settings": committee_row(),
    "competitions:stages": committee_row(),
    "competitions:criteria": committee_row(),
    "competitions:rubric": committee_row(),
    "competitions:categories": committee_row(),
    "competitions:tiers": committee_row(),
    "competitions:requirements": committee_row(),
    "competitions:copy": committee_row(),
    "competitions:archive": committee_row(),
    "competitions:changes": committee_row(),
    "committee:dashboard": committee_row(variants=NO_SCORING_STAGE),
    "committee:audit_trail": row(COMMITTEE, COMMITTEE_405),
    # Submissions: the operator's own unit writes, the committee and assigned jurors read ------------
    "submissions:operator_home": row(OPERATORS, OPERATORS),
    # Any operator may start a proposal while registration is open; a closed year redirects with a message.
    "submissions:create": row(OPERATORS, OPERATORS, neighbours=PUBLIC),
    "submissions:detail": row(
        SUBMISSION_READERS,
        SUBMISSION_READERS,
        variants=(
            variant(
                "draf unit lain, tahun belum diumumkan",
                {"pk": "hidden_submission"},
                "login 404 404 404 404 404 ok ok",
            ),
        ),
    ),
    "submissions:print": row(SUBMISSION_READERS, SUBMISSION_READERS),
    "submissions:print_pdf": row(SUBMISSION_READERS, SUBMISSION_READERS),
    "submissions:edit": row(OWN_UNIT_WRITE, OWN_UNIT_WRITE, objects=OWN_DRAFT),
    "submissions:preview": row(OWN_UNIT_WRITE, OWN_UNIT_WRITE, objects=OWN_DRAFT),
    "submissions:submit": row(OWN_UNIT_WRITE, OWN_UNIT_WRITE, objects=OWN_DRAFT),
    "submissions:withdraw": row(OWN_UNIT_WRITE, OWN_UNIT_WRITE, objects=OWN_DRAFT),
    "submissions:attachments": row(OWN_UNIT_WRITE, OWN_UNIT_WRITE, objects=OWN_DRAFT),
    "submissions:attachment_upload": row(OWN_UNIT_WRITE, OWN_UNIT_WRITE, objects=OWN_DRAFT),
    # A file id of the unit's other proposal under this proposal's address is unknown here.
    "submissions:attachment_delete": row(
        OWN_UNIT_WRITE,
        OWN_UNIT_WRITE,
        objects=OWN_DRAFT,
        variants=(
            variant("berkas usulan lain unit sendiri", {"attachment_pk": "sentinel_photo"}, OWN_UNIT_WRITE_UNKNOWN),
        ),
    ),
    # The parent unit's operator endorses its school's proposal; the school's own unit has no persona.
    "submissions:endorse": row(OWN_UNIT_WRITE, OWN_UNIT_WRITE, objects={"pk": "child_submission"}),
    "submissions:attachment": row(
        SUBMISSION_READERS,
        SUBMISSION_READERS,
        objects={"pk": "sentinel_photo"},
        variants=(
            variant(
                "berkas draf (juri tidak ditugaskan)",
                {"pk": "draft_document"},
                "login ok 404 404 404 404 ok ok",
            ),
        ),
    ),
    "submissions:screening_list": committee_row(),
    "submissions:screening_detail": committee_row(),
    # Judging: a juror reads and scores only its own active assignments ------------------------------
    "judging:juror_home": row(JUROR_PAGES, JUROR_PAGES),
    "judging:scorecard": row(
        OWN_ASSIGNMENT,
        OWN_ASSIGNMENT,
        objects={"pk": "assignment_a"},
        variants=(
            variant(
                "penugasan juri berkonflik (dibatalkan)",
                {"pk": "conflict_assignment"},
                "login 403 403 404 404 404 403 404",
            ),
            variant(
                "penugasan juri tanpa tugas pada sentinel",
                {"pk": "unassigned_own_assignment"},
                "login 403 403 404 ok 404 403 404",
            ),
        ),
    ),
    "judging:declare_conflict": row(
        OWN_ASSIGNMENT,
        OWN_ASSIGNMENT,
        objects={"pk": "assignment_a"},
        variants=(
            variant(
                "penugasan juri berkonflik (dibatalkan)",
                {"pk": "conflict_assignment"},
                "login 403 403 404 404 404 403 404",
            ),
        ),
    ),
    "judging:committee_stages": committee_row(),
    "judging:stage_assignments": committee_row(),
    "judging:stage_jury": committee_row(),
    "judging:stage_conflicts": committee_row(),
    "judging:calibration": committee_row(),
    "judging:scorecard_review": committee_row(objects={"pk": "scorecard_a"}),
    # POST-only actions answer 405 to a GET before asking who is there.
    "judging:jury_member_remove": row(NOBODY_405, COMMITTEE, objects={"pk": "padder_member"}),
    "judging:assignment_remove": row(NOBODY_405, COMMITTEE, objects={"pk": "assignment_a"}),
    # Results: the committee ranks, exports and publishes; jurors never see a ranking ----------------
    "results:index": committee_row(),
    "results:ranking": committee_row(variants=NO_SCORING_STAGE),
    "results:export_csv": committee_row(variants=NO_SCORING_STAGE),
    "results:export_xlsx": committee_row(variants=NO_SCORING_STAGE),
    "results:stage_close": committee_row(),
    "results:publish": committee_row(variants=NO_SCORING_STAGE),
    "results:tie_resolve": committee_row(
        objects={"year": "published_year", "rank": "tie_rank"},
        variants=(variant("tahun tanpa tahap penilaian", UNPUBLISHED_YEAR, "login 403 403 403 403 403 404 404"),),
    ),
    "results:publications": committee_row(objects={"year": "published_year"}),
    "results:publication_detail": committee_row(objects={"year": "published_year"}),
    "results:unpublish": committee_row(objects={"year": "published_year"}),
    "results:certificates_zip": committee_row(objects={"year": "published_year"}),
    "results:forwarding": committee_row(objects={"year": "published_year"}),
    "results:forwarding_pdf": committee_row(
        objects={"year": "published_year", "pk": "published_sentinel"},
        variants=(variant("usulan bukan pemenang", {"pk": "sentinel"}, "login 403 403 403 403 403 404 404"),),
    ),
    "results:forwarding_zip": committee_row(objects={"year": "published_year"}),
    # Feedback: after publication, the owning unit (and the committee) read scores and anonymous comments.
    "results:feedback_list": row(FEEDBACK_READERS, FEEDBACK_READERS),
    "results:feedback": row(
        "login ok 404 404 404 404 ok ok",
        objects={"pk": "published_sentinel"},
        variants=(variant("usulan belum diumumkan", {"pk": "sentinel"}, "login 404 404 404 404 404 404 404"),),
    ),
}


def neighbour_outcomes(row: Row, persona: str, expected: str) -> frozenset[str]:
    """What a probe with an id next to (or far from) the row's object may give.

    A refused cell stays refused the same way (the refusal must not depend on whether the id exists).
    An allowed cell: the committee and the superuser may find another object or none (ok or 404); every
    scoped persona must find nothing (404), unless the kwarg names public things.
    """
    if expected != "ok":
        return frozenset({expected})
    if persona in ("committee", "superuser") or row.neighbours == PUBLIC:
        return frozenset({"ok", "404"})
    return frozenset({"404"})


# Known bugs ----------------------------------------------------------------------------------------
# Cells where the application does not follow the policy yet, grouped by bug, each with where to fix it.
# The matrix leaves them out of its assertion; `test_known_bug_is_still_there` runs each group as a strict
# xfail: once a fix lands that test passes, fails as strict, and the group must go.


def _cells(names, probes, personas, methods=("GET", "POST")) -> list[tuple[str, str, str, str]]:
    return [
        (n, probe, persona, method) for n in names for probe in probes for persona in personas for method in methods
    ]


KNOWN_BUGS: dict[str, tuple[str, list[tuple[str, str, str, str]]]] = {}
KNOWN_BUG_CELLS = {cell: bug for bug, (_why, cells_) in KNOWN_BUGS.items() for cell in cells_}
