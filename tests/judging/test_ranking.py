"""The pure ranking function, on hand-built rows with the arithmetic worked out in comments."""

from decimal import Decimal as D

from judging.ranking import (
    CriterionRow,
    RankingData,
    ResolutionRow,
    StageRow,
    SubmissionRow,
    TieBreak,
    compute_ranking,
    moved_places,
)

DESK = StageRow(id=1, order=1, name="Proposal", weight=D("40"), advance_count=None, closed=True)
FINAL = StageRow(id=2, order=2, name="Presentasi", weight=D("60"), advance_count=None, closed=True)
ONLY = StageRow(id=9, order=1, name="Penilaian", weight=D("100"), advance_count=None, closed=True)
# The final stage's criteria: "Signifikansi" (60) is the tie-break criterion.
FINAL_CRITERIA = [
    CriterionRow(id=21, stage_id=2, name="Signifikansi", weight=D("60"), max_score=100, order=1),
    CriterionRow(id=22, stage_id=2, name="Kebaruan", weight=D("40"), max_score=100, order=2),
]


def sub(pk, name=None, *, stage=FINAL, status="eligible"):
    return SubmissionRow(id=pk, unit_id=pk, stage_id=stage.id, status=status, name=name or f"Inovasi {pk}")


def ranks(result):
    return [(entry.submission_id, entry.rank, entry.decided_by) for entry in result.entries]


def test_ranking_uses_the_mean_so_a_recusal_does_not_penalise():
    # X: three jurors 80, 70, 90 -> (80 + 70 + 90) / 3 = 80.0000
    # Y: two jurors (the third recused) 85, 83 -> 168 / 2 = 84.0000; a sum would put X (240) above Y (168).
    data = RankingData(
        stages=[ONLY],
        criteria=[],
        submissions=[sub(1, "X", stage=ONLY), sub(2, "Y", stage=ONLY)],
        totals=[
            (9, 1, 101, D("80")),
            (9, 1, 102, D("70")),
            (9, 1, 103, D("90")),
            (9, 2, 101, D("85")),
            (9, 2, 102, D("83")),
        ],
    )

    result = compute_ranking(data, top_n=1)

    assert [(e.submission_id, e.rank, e.final_score) for e in result.entries] == [
        (2, 1, D("84.0000")),
        (1, 2, D("80.0000")),
    ]


def test_final_score_is_the_weighted_sum_of_the_stage_scores():
    # A: desk 80, presentation 90 -> 0.40 × 80 + 0.60 × 90 = 32 + 54 = 86.0000
    # B: desk 95, presentation 83 -> 0.40 × 95 + 0.60 × 83 = 38 + 49.8 = 87.8000
    data = RankingData(
        stages=[DESK, FINAL],
        criteria=FINAL_CRITERIA,
        submissions=[sub(1, "A"), sub(2, "B")],
        totals=[(1, 1, 101, D("80")), (2, 1, 101, D("90")), (1, 2, 101, D("95")), (2, 2, 101, D("83"))],
    )

    result = compute_ranking(data, top_n=2)

    assert [(e.submission_id, e.rank, e.stage_scores, e.final_score) for e in result.entries] == [
        (2, 1, {1: D("95.0000"), 2: D("83.0000")}, D("87.8000")),
        (1, 2, {1: D("80.0000"), 2: D("90.0000")}, D("86.0000")),
    ]


def test_repeating_decimals_are_rounded_half_up_to_four_places():
    # Three jurors 80, 66, 95 -> 241 / 3 = 80.3333...; 2/3 of a point rounds up: 100, 100, 99 -> 99.6667
    data = RankingData(
        stages=[ONLY],
        criteria=[],
        submissions=[sub(1, stage=ONLY), sub(2, stage=ONLY)],
        totals=[(9, 1, 1, D("80")), (9, 1, 2, D("66")), (9, 1, 3, D("95"))]
        + [(9, 2, 1, D("100")), (9, 2, 2, D("100")), (9, 2, 3, D("99"))],
    )

    result = compute_ranking(data)

    assert [e.final_score for e in result.entries] == [D("99.6667"), D("80.3333")]


def test_submissions_that_did_not_reach_the_final_follow_the_finalists():
    # C has the best desk score (99) but did not advance: it comes after both finalists, marked as such.
    data = RankingData(
        stages=[DESK, FINAL],
        criteria=FINAL_CRITERIA,
        submissions=[sub(1, "A"), sub(2, "B"), sub(3, "C", stage=DESK), sub(4, "D", stage=DESK)],
        totals=[
            (1, 1, 101, D("70")),
            (2, 1, 101, D("70")),
            (1, 2, 101, D("60")),
            (2, 2, 101, D("60")),
            (1, 3, 101, D("99")),
            (1, 4, 101, D("50")),
        ],
    )

    result = compute_ranking(data, top_n=1)

    assert [(e.submission_id, e.rank, e.reached_final, e.final_score, e.primary_score) for e in result.entries] == [
        (1, 1, True, D("70.0000"), D("70.0000")),
        (2, 2, True, D("60.0000"), D("60.0000")),
        (3, 3, False, None, D("99.0000")),
        (4, 4, False, None, D("50.0000")),
    ]
    assert [e.in_top_n for e in result.entries] == [True, False, False, False]


def test_status_finalist_counts_as_reaching_the_final_whatever_the_stage_field():
    data = RankingData(
        stages=[DESK, FINAL],
        criteria=FINAL_CRITERIA,
        submissions=[sub(1, stage=DESK, status="finalist")],
        totals=[(1, 1, 101, D("50")), (2, 1, 101, D("100"))],
    )

    result = compute_ranking(data)

    # 0.4 × 50 + 0.6 × 100 = 80
    assert (result.entries[0].reached_final, result.entries[0].final_score) == (True, D("80.0000"))


def test_tie_on_final_score_is_broken_by_the_highest_weight_criterion():
    # Both finals 75 (one presentation juror each, desk weight 40: 0.4 × 75 + 0.6 × 75 = 75).
    # Signifikansi (the 60-weight criterion): A's juror gave 90, B's 70 -> A first, decided by the criterion.
    data = RankingData(
        stages=[DESK, FINAL],
        criteria=FINAL_CRITERIA,
        submissions=[sub(1, "A"), sub(2, "B"), sub(3, "C")],
        totals=[(1, s, 101, D("75")) for s in (1, 2)]
        + [(2, s, 101, D("75")) for s in (1, 2)]
        + [(1, 3, 101, D("10")), (2, 3, 101, D("10"))],
        tiebreak_values=[(1, 101, D("90")), (2, 101, D("70")), (3, 101, D("10"))],
    )

    result = compute_ranking(data, top_n=2)

    assert ranks(result) == [(1, 1, TieBreak.CRITERION), (2, 2, TieBreak.CRITERION), (3, 3, TieBreak.SCORE)]
    assert [e.tiebreak_value for e in result.entries] == [D("90.0000"), D("70.0000"), D("10.0000")]
    assert result.tiebreak_criterion.name == "Signifikansi"


def test_tie_on_score_and_criterion_is_broken_by_the_final_stage_score():
    # A: desk 80, presentation 90 -> 32 + 54 = 86;  B: desk 95, presentation 80 -> 38 + 48 = 86.
    # Same criterion mean (85); the final stage score decides: A (90) before B (80).
    data = RankingData(
        stages=[DESK, FINAL],
        criteria=FINAL_CRITERIA,
        submissions=[sub(1, "A"), sub(2, "B")],
        totals=[(1, 1, 101, D("80")), (2, 1, 101, D("90")), (1, 2, 101, D("95")), (2, 2, 101, D("80"))],
        tiebreak_values=[(1, 101, D("85")), (2, 101, D("85"))],
    )

    result = compute_ranking(data, top_n=1)

    assert [e.final_score for e in result.entries] == [D("86.0000"), D("86.0000")]
    assert ranks(result) == [(1, 1, TieBreak.FINAL_STAGE), (2, 2, TieBreak.FINAL_STAGE)]


def test_tie_up_to_the_final_stage_is_broken_by_the_earlier_stage():
    # A desk stage that weighs 0 in the final score: finals equal (70 = 70), criterion equal, presentation
    # equal; the earlier stage decides: B (desk 88) before A (desk 61).
    desk = StageRow(id=1, order=1, name="Proposal", weight=D("0"), advance_count=None, closed=True)
    final = StageRow(id=2, order=2, name="Presentasi", weight=D("100"), advance_count=None, closed=True)
    data = RankingData(
        stages=[desk, final],
        criteria=FINAL_CRITERIA,
        submissions=[sub(1, "A"), sub(2, "B")],
        totals=[(1, 1, 101, D("61")), (2, 1, 101, D("70")), (1, 2, 101, D("88")), (2, 2, 101, D("70"))],
        tiebreak_values=[(1, 101, D("70")), (2, 101, D("70"))],
    )

    result = compute_ranking(data, top_n=1)

    assert ranks(result) == [(2, 1, TieBreak.EARLIER_STAGE), (1, 2, TieBreak.EARLIER_STAGE)]
    assert [e.decided_by_stage_id for e in result.entries] == [1, 1]


def test_tie_through_the_whole_chain_shares_the_rank_and_is_flagged():
    # B and C are equal on every level: both rank 2 (the next is 4), flagged as a tie straddling place 2.
    # Names order them on screen ("Beta" before "Cakra"), never their ids.
    data = RankingData(
        stages=[ONLY],
        criteria=[],
        submissions=[sub(5, "Cakra", stage=ONLY), sub(1, "Alfa", stage=ONLY), sub(9, "Beta", stage=ONLY)]
        + [sub(3, "Delta", stage=ONLY)],
        totals=[(9, 1, 101, D("90")), (9, 9, 101, D("80")), (9, 5, 101, D("80")), (9, 3, 101, D("70"))],
    )

    result = compute_ranking(data, top_n=2)

    assert ranks(result) == [
        (1, 1, TieBreak.SCORE),
        (9, 2, TieBreak.SHARED),
        (5, 2, TieBreak.SHARED),
        (3, 4, TieBreak.SCORE),
    ]
    assert [(g.rank, g.submission_ids, g.spans_cut, g.resolved) for g in result.ties] == [(2, [9, 5], True, False)]
    assert result.tie_at_cut is result.ties[0]
    assert [e.in_top_n for e in result.entries] == [True, True, True, False]


def test_tie_inside_the_top_n_does_not_block_but_is_listed():
    data = RankingData(
        stages=[ONLY],
        criteria=[],
        submissions=[sub(1, "A", stage=ONLY), sub(2, "B", stage=ONLY), sub(3, "C", stage=ONLY)],
        totals=[(9, 1, 101, D("80")), (9, 2, 101, D("80")), (9, 3, 101, D("70"))],
    )

    result = compute_ranking(data, top_n=2)

    assert [(g.rank, g.spans_cut, g.inside_top_n) for g in result.ties] == [(1, False, True)]
    assert result.tie_at_cut is None


def test_committee_resolution_orders_a_shared_rank():
    data = RankingData(
        stages=[ONLY],
        criteria=[],
        submissions=[sub(1, "Alfa", stage=ONLY), sub(2, "Beta", stage=ONLY), sub(3, "Cakra", stage=ONLY)],
        totals=[(9, 1, 101, D("80")), (9, 2, 101, D("80")), (9, 3, 101, D("70"))],
        resolutions=[ResolutionRow(id=7, method="lots", ordered_submission_ids=(2, 1))],
    )

    result = compute_ranking(data, top_n=1)

    assert ranks(result) == [(2, 1, TieBreak.COMMITTEE), (1, 2, TieBreak.COMMITTEE), (3, 3, TieBreak.SCORE)]
    assert [(g.rank, g.resolution_id, g.spans_cut) for g in result.ties] == [(1, 7, True)]
    assert result.tie_at_cut is None


def test_resolution_that_does_not_cover_the_whole_tie_is_ignored():
    data = RankingData(
        stages=[ONLY],
        criteria=[],
        submissions=[sub(1, "A", stage=ONLY), sub(2, "B", stage=ONLY), sub(3, "C", stage=ONLY)],
        totals=[(9, 1, 101, D("80")), (9, 2, 101, D("80")), (9, 3, 101, D("80"))],
        resolutions=[ResolutionRow(id=7, method="vote", ordered_submission_ids=(2, 1))],
    )

    result = compute_ranking(data, top_n=1)

    assert [(e.rank, e.decided_by) for e in result.entries] == [(1, TieBreak.SHARED)] * 3


def test_margin_and_gap_for_the_top_n():
    # Finals 90, 85, 80, 72.5 with N = 2: margins to place 3 (80) are 10 and 5; gaps 5 and 5.
    data = RankingData(
        stages=[ONLY],
        criteria=[],
        submissions=[sub(i, stage=ONLY) for i in (1, 2, 3, 4)],
        totals=[(9, 1, 101, D("90")), (9, 2, 101, D("85")), (9, 3, 101, D("80")), (9, 4, 101, D("72.5"))],
    )

    result = compute_ranking(data, top_n=2)

    assert [(e.margin, e.gap_to_next) for e in result.entries] == [
        (D("10.0000"), D("5.0000")),
        (D("5.0000"), D("5.0000")),
        (None, None),
        (None, None),
    ]


def test_leave_one_juror_out_stability():
    # N = 1. A: 90, 80, 70 -> 80;  B: 70, 80, 85 -> 78.3333.  A is first.
    # Without j1: A (80+70)/2 = 75,   B (80+85)/2 = 82.5 -> A drops out.
    # Without j2: A (90+70)/2 = 80,   B (70+85)/2 = 77.5 -> A stays.
    # Without j3: A (90+80)/2 = 85,   B (70+80)/2 = 75   -> A stays.   Stability 2 of 3 = 0.6667.
    data = RankingData(
        stages=[ONLY],
        criteria=[],
        submissions=[sub(1, "A", stage=ONLY), sub(2, "B", stage=ONLY)],
        totals=[(9, 1, 1, D("90")), (9, 1, 2, D("80")), (9, 1, 3, D("70"))]
        + [(9, 2, 1, D("70")), (9, 2, 2, D("80")), (9, 2, 3, D("85"))],
    )

    result = compute_ranking(data, top_n=1)
    first = result.entries[0]

    assert (first.submission_id, first.final_score) == (1, D("80.0000"))
    assert (first.stability_stays, first.stability_runs, first.stability, first.stability_percent) == (
        2,
        3,
        D("0.6667"),
        67,
    )
    assert result.entries[1].stability_runs is None


def test_leave_one_out_keeps_the_only_juror_of_a_submission():
    # C has a single juror (j3): dropping j3 cannot leave C without a score, so C stays first every time.
    data = RankingData(
        stages=[ONLY],
        criteria=[],
        submissions=[sub(1, "C", stage=ONLY), sub(2, "D", stage=ONLY)],
        totals=[(9, 1, 3, D("95")), (9, 2, 1, D("60")), (9, 2, 2, D("70"))],
    )

    result = compute_ranking(data, top_n=1)

    assert (result.entries[0].stability_stays, result.entries[0].stability_runs) == (3, 3)


def test_trimmed_mean_drops_highest_and_lowest_with_five_jurors():
    # Five jurors 10, 70, 80, 90, 100: raw mean 350 / 5 = 70; trimmed (70 + 80 + 90) / 3 = 80.
    # Four jurors 10, 70, 80, 90: never trimmed, 250 / 4 = 62.5 in both.
    five = [(9, 1, j, D(v)) for j, v in zip(range(1, 6), ("10", "70", "80", "90", "100"), strict=True)]
    four = [(9, 2, j, D(v)) for j, v in zip(range(1, 5), ("10", "70", "80", "90"), strict=True)]
    data = RankingData(
        stages=[ONLY],
        criteria=[],
        submissions=[sub(1, stage=ONLY), sub(2, stage=ONLY)],
        totals=five + four,
    )

    raw = compute_ranking(data, method="raw")
    trimmed = compute_ranking(data, method="trimmed")

    assert {e.submission_id: e.final_score for e in raw.entries} == {1: D("70.0000"), 2: D("62.5000")}
    assert {e.submission_id: e.final_score for e in trimmed.entries} == {1: D("80.0000"), 2: D("62.5000")}


def zscore_data(extra=()):
    # Two jurors with disjoint piles of 8: the harsh j1 gives 60 ×4 and 80 ×4 (mean 70, sd 10),
    # the lenient j2 gives 80 ×4 and 100 ×4 (mean 90, sd 10). The panel: 60 ×4, 80 ×8, 100 ×4:
    # mean 80, variance (4 × 400 + 4 × 400) / 16 = 200, sd √200 = 14.142135623...
    # Normalised: z = ±1 -> 80 ± 14.1421 = 94.1421 / 65.8579 for both jurors.
    submissions = [sub(i, f"S{i:02d}", stage=ONLY) for i in range(1, 17)]
    totals = [(9, i, 1, D("60") if i <= 4 else D("80")) for i in range(1, 9)]
    totals += [(9, i, 2, D("80") if i <= 12 else D("100")) for i in range(9, 17)]
    for submission_id, juror_id, value in extra:
        submissions.append(sub(submission_id, f"S{submission_id:02d}", stage=ONLY))
        totals.append((9, submission_id, juror_id, D(value)))
    return RankingData(stages=[ONLY], criteria=[], submissions=submissions, totals=totals)


def test_zscore_normalisation_removes_a_jurors_severity():
    raw = compute_ranking(zscore_data(), method="raw", top_n=4)
    normalised = compute_ranking(zscore_data(), method="zscore", top_n=4)

    raw_scores = {e.submission_id: e.final_score for e in raw.entries}
    normalised_scores = {e.submission_id: e.final_score for e in normalised.entries}
    assert (raw_scores[5], raw_scores[13], raw_scores[1], raw_scores[9]) == (D("80"), D("100"), D("60"), D("80"))
    assert (normalised_scores[5], normalised_scores[13], normalised_scores[1], normalised_scores[9]) == (
        D("94.1421"),
        D("94.1421"),
        D("65.8579"),
        D("65.8579"),
    )
    assert normalised.normalised_jurors == {9: [1, 2]}
    # Raw is always kept beside the normalised ranking: the juror totals stay raw.
    assert normalised.by_submission[5].juror_totals == {9: [(1, D("80"))]}
    # j1's best four share place 1 with j2's best four once severity is removed; raw had them 5th.
    assert [normalised.by_submission[i].rank for i in (5, 13)] == [1, 1]
    assert moved_places(raw, normalised)[5] == 4


def test_zscore_leaves_jurors_with_fewer_than_eight_entries_raw():
    # j3 scores one submission (80): too few entries, kept raw. It joins the panel statistics:
    # 17 values, mean 1360 / 17 = 80, variance 3200 / 17 = 188.2353, sd 13.7199 -> j1's 80 becomes 93.7199.
    result = compute_ranking(zscore_data(extra=[(17, 3, "80")]), method="zscore")

    scores = {e.submission_id: e.final_score for e in result.entries}
    assert (scores[17], scores[5]) == (D("80.0000"), D("93.7199"))
    assert result.normalised_jurors == {9: [1, 2]}


def test_empty_competition_gives_an_empty_ranking():
    result = compute_ranking(RankingData(stages=[], criteria=[], submissions=[], totals=[]))

    assert (result.entries, result.ties, result.top) == ([], [], [])


def test_submission_without_scores_ranks_last_with_no_score():
    data = RankingData(
        stages=[ONLY],
        criteria=[],
        submissions=[sub(1, "A", stage=ONLY), sub(2, "B", stage=ONLY)],
        totals=[(9, 2, 101, D("10"))],
    )

    result = compute_ranking(data, top_n=1)

    assert [(e.submission_id, e.stage_scores[9]) for e in result.entries] == [(2, D("10.0000")), (1, None)]
