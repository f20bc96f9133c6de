"""Properties of the grading engine over generated groups (issue 8): grades never exceed their seats, places
are competition ranks consistent with totals, totals are exact and half-up, settling a 待定 tie as allowed
never exceeds a quota."""

from __future__ import annotations

import math
import pickle
import re
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.appraisal.rules import (
    BUILTIN_SCHEMES,
    EXEMPT,
    GRADES,
    MISSING,
    OVER_QUOTA,
    OVERRIDDEN,
    PENDING,
    Component,
    Entry,
    Override,
    Ratio,
    Result,
    Scheme,
    ThresholdTop,
    apportion,
    excel_number,
    override_problem,
    rank_group,
    round_half_up,
    total_of,
)
from app.appraisal.weighing import weigh

D = Decimal
SINGLE = (Component("s", "得分", D(1)),)

# A few scores drawn again and again make ties on totals and tie-breakers; the rest are any two-place score.
POOL = [D(0), D(60), D(70), D("79.99"), D(80), D("85.5"), D(90), D(100)]
scores_st = st.one_of(st.sampled_from(POOL), st.decimals(0, 100, places=2))

threshold_st = st.builds(
    ThresholdTop,
    st.sampled_from([D(70), D(80), D(85)]),
    st.sampled_from([D("0.1"), D("0.2"), D("0.25"), D("0.3"), D("0.5")]),
    st.sampled_from([D(50), D(60)]),
)
ratio_st = st.builds(
    Ratio,
    st.tuples(st.integers(0, 5), st.integers(0, 6), st.integers(0, 5)).map(
        lambda s: s if sum(s) else (1, 5, 4)
    ),
)
RULES = {None: st.one_of(threshold_st, ratio_st), ThresholdTop: threshold_st, Ratio: ratio_st}


@st.composite
def schemes(draw, kind: type | None = None) -> Scheme:
    """A built-in scheme, or its components under another rule, or one component under any rule."""
    base = draw(st.sampled_from([*BUILTIN_SCHEMES.values(), None]))
    if base is None:  # one component: the score is the total, so ties are frequent
        return Scheme("one", "单项", "年度", SINGLE, draw(RULES[kind]))
    if draw(st.booleans()) and (kind is None or isinstance(base.rule, kind)):
        return base
    rule = draw(RULES[kind])
    return Scheme(
        base.key, base.name, base.period_type, base.components, rule, base.tie_breakers, base.bonus_cap
    )


@st.composite
def groups(
    draw, kind: type | None = None, *, missing: bool = True, exempt: bool = True
) -> tuple[Scheme, list[Entry]]:
    scheme = draw(schemes(kind))
    pool = draw(st.lists(scores_st, min_size=1, max_size=4))  # a group's own few scores: more ties
    value = st.one_of(st.sampled_from(pool), scores_st)
    if missing:
        value = st.one_of(value, st.none()) if draw(st.booleans()) else value
    entries = []
    for person_id in range(1, draw(st.integers(0, 30)) + 1):
        scores = {c.key: draw(value) for c in scheme.components}
        bonus = (
            draw(st.one_of(st.none(), st.decimals(0, scheme.bonus_cap, places=1)))
            if scheme.bonus_cap
            else None
        )
        override = Override(EXEMPT, "长期病假") if exempt and draw(st.integers(0, 9)) == 0 else None
        entries.append(Entry(person_id, scores, bonus, override))
    return scheme, entries


@st.composite
def tied_groups(draw, kind: type | None = None) -> tuple[Scheme, list[Entry]]:
    """One component and two or three high scores for 5–30 people: most such groups have a 待定 tie."""
    scheme = Scheme("one", "单项", "年度", SINGLE, draw(RULES[kind]))
    pool = draw(st.lists(st.sampled_from([D(85), D(90), D(95), D(100)]), min_size=1, max_size=3))
    n = draw(st.integers(5, 30))
    return scheme, [Entry(i, {"s": draw(st.sampled_from(pool))}) for i in range(1, n + 1)]


def key_of(scheme: Scheme, entry: Entry, total: Decimal) -> tuple[Decimal, ...]:
    return (total, *[entry.scores[k] for k in scheme.tie_breakers])


def ranked(results: list[Result]) -> list[Result]:
    return [r for r in results if r.place is not None]


def positions(results: list[Result]) -> dict[int, range]:
    """Each place's positions (0-based): a tie of s people at place p covers p-1 … p-1+s-1."""
    sizes = Counter(r.place for r in ranked(results))
    return {place: range(place - 1, place - 1 + size) for place, size in sizes.items()}


def overlap(a: range, start: int, end: int) -> int:
    return max(0, min(a.stop, end) - max(a.start, start))


def half_up_cents(value: Fraction) -> Fraction:
    return Fraction(math.floor(value * 100 + Fraction(1, 2)), 100)


# --- places and totals --------------------------------------------------------------------------------------------


@given(st.one_of(groups(), tied_groups()))
def test_places_are_competition_ranks_consistent_with_totals(group):
    scheme, entries = group
    results = rank_group(scheme, entries)
    by_id = {e.person_id: e for e in entries}
    keys = {r.person_id: key_of(scheme, by_id[r.person_id], r.total) for r in ranked(results)}
    for r in ranked(results):
        # competition ranking: 1 + how many are strictly ahead; equal keys therefore share a place
        assert r.place == 1 + sum(k > keys[r.person_id] for k in keys.values())
    for a in ranked(results):
        for b in ranked(results):
            if a.total > b.total:
                assert a.place < b.place  # a higher total never has a worse place
    places = [r.place for r in ranked(results)]
    assert places == sorted(places)


@given(st.one_of(groups(), tied_groups()), st.randoms(use_true_random=False))
def test_the_given_order_matters_only_among_equals(group, random):
    scheme, entries = group
    shuffled = list(entries)
    random.shuffle(shuffled)
    before = {r.person_id: (r.place, r.grade, r.flags, r.reason) for r in rank_group(scheme, entries)}
    after = rank_group(scheme, shuffled)
    assert {r.person_id: (r.place, r.grade, r.flags, r.reason) for r in after} == before
    given_at = {e.person_id: i for i, e in enumerate(shuffled)}
    for a, b in pairwise(after):
        if a.place is not None and a.place == b.place:
            assert given_at[a.person_id] < given_at[b.person_id]


@given(groups())
def test_everyone_appears_once_ranked_then_missing_then_exempt(group):
    scheme, entries = group
    results = rank_group(scheme, entries)
    assert sorted(r.person_id for r in results) == sorted(e.person_id for e in entries)
    kinds = [
        "exempt" if r.grade == EXEMPT else "missing" if MISSING in r.flags else "ranked" for r in results
    ]
    assert kinds == sorted(kinds, key=["ranked", "missing", "exempt"].index)
    for r, kind in zip(results, kinds, strict=True):
        assert (r.place is None) == (kind != "ranked") and (r.total is None) == (kind != "ranked")
        assert r.reason and "\n" not in r.reason
        if kind == "missing":
            assert (r.computed, r.grade, r.flags) == (None, None, (MISSING,))


@given(groups(exempt=False))
def test_totals_are_exact_sums_rounded_half_up(group):
    scheme, entries = group
    results = {r.person_id: r for r in rank_group(scheme, entries)}
    for entry in entries:
        if any(entry.scores[c.key] is None for c in scheme.components):
            assert results[entry.person_id].total is None
            continue
        exact = sum(Fraction(c.weight) * Fraction(entry.scores[c.key]) for c in scheme.components)
        exact += Fraction(entry.bonus or 0)
        total = results[entry.person_id].total
        assert Fraction(total) == half_up_cents(exact)
        assert total.as_tuple().exponent == -2  # always printed with two decimals
        assert total == total_of(scheme, entry.scores, entry.bonus)


@given(st.decimals(-1000, 1000, places=6))
def test_round_half_up_is_half_away_from_zero(value):
    expected = half_up_cents(abs(Fraction(value))) * (1 if value >= 0 else -1)
    assert Fraction(round_half_up(value)) == expected


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_excel_number_keeps_at_most_15_digits_and_reads_itself_back(value):
    number = excel_number(value)
    assert len(number.normalize().as_tuple().digits) <= 15  # significant digits
    assert number == D(f"{value:.15g}")
    assert excel_number(number) == number == excel_number(str(number))
    full_width = str(number).translate(str.maketrans("0123456789.-", "０１２３４５６７８９．－"))
    assert excel_number(full_width) == number


# --- seats --------------------------------------------------------------------------------------------------------


@given(st.integers(0, 500), st.lists(st.integers(0, 9), min_size=1, max_size=5).map(lambda s: [*s, 1]))
def test_apportion_is_largest_remainder_with_ties_to_the_lower_grade(n, shares):
    seats = apportion(n, tuple(shares))
    whole = sum(shares)
    assert sum(seats) == n
    quotas = [Fraction(n * s, whole) for s in shares]
    assert all(math.floor(q) <= k <= math.floor(q) + 1 for q, k in zip(quotas, seats, strict=True))
    up = [i for i, (q, k) in enumerate(zip(quotas, seats, strict=True)) if k > math.floor(q)]
    down = [i for i, (q, k) in enumerate(zip(quotas, seats, strict=True)) if k == math.floor(q)]
    for i in up:
        for j in down:
            fi, fj = quotas[i] % 1, quotas[j] % 1
            assert fi > fj or (fi == fj and i > j)  # equal fractions: the later, lower grade gets the seat


@given(st.one_of(groups(Ratio), tied_groups(Ratio)))
def test_ratio_grades_fill_exactly_their_seats_counting_pending_ties_as_what_they_straddle(group):
    scheme, entries = group
    results = rank_group(scheme, entries)
    n = len(ranked(results))
    seats = apportion(n, scheme.rule.shares)
    bounds = [(0, seats[0]), (seats[0], seats[0] + seats[1]), (seats[0] + seats[1], n)]
    span = positions(results)
    held = [0, 0, 0]
    for place, covered in span.items():
        members = [r for r in ranked(results) if r.place == place]
        if members[0].computed is None:
            straddled = [overlap(covered, *b) for b in bounds]
            assert sum(1 for s in straddled if s) >= 2  # pending only when it really crosses a boundary
            assert all(r.flags[:1] == (PENDING,) and r.grade is None for r in members)
            held = [h + s for h, s in zip(held, straddled, strict=True)]
        else:
            grade = GRADES.index(members[0].computed)
            assert overlap(covered, *bounds[grade]) == len(covered)  # the whole tie sits in its grade's seats
            held[grade] += len(members)
    assert held == list(seats)


@given(st.one_of(groups(ThresholdTop), tied_groups(ThresholdTop)))
def test_threshold_excellent_never_exceeds_the_top_share_counting_pending_ties(group):
    scheme, entries = group
    rule = scheme.rule
    results = rank_group(scheme, entries)
    n = len(ranked(results))
    top = math.floor(rule.top_share * n)
    held = 0
    for place, covered in positions(results).items():
        members = [r for r in ranked(results) if r.place == place]
        total = members[0].total
        if members[0].computed is None:
            assert total >= rule.excellent_min and covered.start < top < covered.stop
            held += overlap(covered, 0, top)
        elif members[0].computed == "优秀":
            assert total >= rule.excellent_min and covered.stop <= top
            held += len(members)
        else:
            # nobody who meets both conditions is left out
            assert total < rule.excellent_min or covered.start >= top
            assert members[0].computed == ("称职" if total >= rule.competent_min else "不称职")
    assert held <= top


# --- overrides ----------------------------------------------------------------------------------------------------


@settings(max_examples=150)
@given(tied_groups(), st.data())
def test_settling_pending_ties_as_allowed_never_exceeds_a_quota(group, data):
    scheme, entries = group
    pending = [r.person_id for r in rank_group(scheme, entries) if PENDING in r.flags]
    assume(pending)
    allowed = (
        ("优秀", "称职", "一般", "不称职") if isinstance(scheme.rule, Ratio) else ("优秀", "称职", "不称职")
    )
    for person_id in data.draw(st.lists(st.sampled_from(pending), max_size=8)):
        override = Override(data.draw(st.sampled_from(allowed)), "集体研究决定")
        problem = override_problem(scheme, entries, person_id, override)
        if problem is None:
            entries = [
                Entry(e.person_id, e.scores, e.bonus, override) if e.person_id == person_id else e
                for e in entries
            ]
        else:
            assert "并列待定" in problem
    for r in rank_group(scheme, entries):
        assert OVER_QUOTA not in r.flags
        if OVERRIDDEN in r.flags:
            assert PENDING not in r.flags and r.grade in GRADES


@given(groups(missing=False, exempt=False), st.data())
def test_overrides_down_never_exceed_a_quota(group, data):
    scheme, entries = group
    results = {r.person_id: r for r in rank_group(scheme, entries)}
    lowered = []
    for entry in entries:
        computed = results[entry.person_id].computed
        if computed is not None and computed != "不称职" and data.draw(st.booleans()):
            worse = data.draw(st.sampled_from(GRADES[GRADES.index(computed) + 1 :]))
            entry = Entry(entry.person_id, entry.scores, entry.bonus, Override(worse, "降格"))
        lowered.append(entry)
    after = rank_group(scheme, lowered)
    assert all(OVER_QUOTA not in r.flags for r in after)
    assert [r.place for r in after] == [r.place for r in rank_group(scheme, entries)]  # places never move


# --- the fast path ranks as the plain one --------------------------------------------------------------------

# Scores as they may reach the engine: Decimals of any spelling (85.5 and 85.50), ints, floats, texts, a tick box,
# scores finer than the integer scale (Excel's 15 digits), and scores beyond the maximum.
odd_scores_st = st.one_of(
    scores_st,
    st.sampled_from(
        [D("85.50"), D("8.55E+1"), 85, 85.5, "85.5", "８５", True, D("79.98999999999999"), D("0.0000001")]
    ),
    st.decimals(0, 100, places=7),
    st.sampled_from([D(101), D(-1), "abc"]),
)


def reference_rank(scheme: Scheme, entries: list[Entry]) -> list[tuple] | str:
    """Places and totals the plain way: total_of for each entry, sorted by (total, *tie-breakers); the error
    text instead when total_of refuses an entry."""
    rows = []
    for entry in entries:
        if entry.override is not None and entry.override.grade == EXEMPT:
            continue
        try:
            total = total_of(scheme, entry.scores, entry.bonus)
        except ValueError as exc:
            return str(exc)
        if total is not None:
            rows.append((entry, total, tuple(excel_number(entry.scores[k]) for k in scheme.tie_breakers)))
    rows.sort(key=lambda r: (r[1], *r[2]), reverse=True)
    found, place = [], 0
    for position, (entry, total, breakers) in enumerate(rows):
        if not position or (total, *breakers) != (rows[position - 1][1], *rows[position - 1][2]):
            place = position + 1
        found.append((entry.person_id, str(total), place))
    return found


@settings(max_examples=300)
@given(
    schemes(),
    st.lists(
        st.dictionaries(
            st.sampled_from(
                [
                    "work",
                    "test",
                    "satisfaction",
                    "weekly",
                    "quarterly",
                    "annual",
                    "ability",
                    "performance",
                    "s",
                ]
            ),
            odd_scores_st,
        ),
        max_size=25,
    ),
    st.data(),
)
def test_the_ranking_equals_total_of_and_sorting_whatever_the_scores_look_like(scheme, score_maps, data):
    entries = []
    for person_id, scores in enumerate(score_maps, start=1):
        bonus = (
            data.draw(st.one_of(st.none(), st.sampled_from([D(0), D("2.5"), 3, D(11)])))
            if scheme.bonus_cap
            else None
        )
        entries.append(Entry(person_id, {c.key: scores.get(c.key, D(80)) for c in scheme.components}, bonus))
    expected = reference_rank(scheme, entries)
    if isinstance(expected, str):
        try:
            rank_group(scheme, entries)
        except ValueError as exc:
            assert str(exc) == expected  # refused at the same entry, with the same words
            return
        raise AssertionError(f"rank_group took what total_of refuses: {expected}")
    got = [(r.person_id, str(r.total), r.place) for r in ranked(rank_group(scheme, entries))]
    assert got == expected


@given(groups(Ratio, exempt=False), st.sampled_from([D(50), D(60), D("79.99"), D(85)]))
def test_a_ratio_line_makes_everyone_below_it_poor_and_never_adds_a_seat(group, line):
    scheme, entries = group
    lined = Scheme(
        scheme.key, scheme.name, scheme.period_type, scheme.components, Ratio(scheme.rule.shares, line),
        scheme.tie_breakers, scheme.bonus_cap,
    )  # fmt: skip
    plain, with_line = rank_group(scheme, entries), rank_group(lined, entries)
    assert [(r.person_id, r.total, r.place) for r in with_line] == [
        (r.person_id, r.total, r.place) for r in plain
    ]
    for before, after in zip(plain, with_line, strict=True):
        if after.total is not None and after.total < line:
            assert after.grade == "不称职" and PENDING not in after.flags
        elif after.total is not None and before.grade is not None:
            assert after.grade == before.grade  # above the line nothing moves
    for grade in GRADES[:3]:
        assert sum(r.grade == grade for r in with_line) <= sum(r.grade == grade for r in plain) + sum(
            PENDING in r.flags for r in plain
        )


# --- what the reasons say (the appraisal trial's findings 5 and 8) ---------------------------------------------

TIE_NOTE = re.compile(r"与名次 (\d+) 总分相同，按(\S+) (\S+) < (\S+) 排后")
OVER_TEXT = re.compile(r"超出(优秀|优秀、称职合计)名额（共 (\d+) 席，现 (\d+) 人")


def first_breaker(scheme: Scheme, mine: Entry, theirs: Entry) -> tuple[str, Decimal, Decimal] | None:
    for key in scheme.tie_breakers:
        low, high = excel_number(mine.scores[key]), excel_number(theirs.scores[key])
        if low != high:
            return next(c.name for c in scheme.components if c.key == key), low, high
    return None


@st.composite
def breaker_groups(draw) -> tuple[Scheme, list[Entry]]:
    """A total from one component and two tie-breakers that weigh nothing, each from a few values: equal totals
    split by the first tie-breaker, or only by the second, in most groups."""
    components = (*SINGLE, Component("b", "工作考核", D(0)), Component("c", "业务测试", D(0)))
    scheme = Scheme("tb", "并列", "年度", components, draw(RULES[None]), ("b", "c"))
    totals = st.sampled_from(draw(st.lists(st.sampled_from([D(85), D(90), D("79.99"), D(70)]), min_size=1)))
    breaker = st.sampled_from([D(60), D(80), D("80.5")])
    n = draw(st.integers(2, 25))
    entries = [Entry(i, {"s": draw(totals), "b": draw(breaker), "c": draw(breaker)}) for i in range(1, n + 1)]
    return scheme, entries


@given(st.one_of(groups(), tied_groups(), breaker_groups()))
def test_a_place_after_an_equal_total_names_the_first_tie_breaker_that_differs(group):
    scheme, entries = group
    by_id = {e.person_id: e for e in entries}
    first = {}  # place -> its first result
    for r in ranked(rank_group(scheme, entries)):
        first.setdefault(r.place, r)
    assert not any(TIE_NOTE.search(r.reason) for r in first.values() if r.place == 1)
    for before, place in pairwise(sorted(first)):
        mine, theirs = first[place], first[before]
        notes = TIE_NOTE.findall(mine.reason)
        if mine.total != theirs.total or "名次 " not in mine.reason:
            assert not notes  # a total below the 优秀 line is graded by itself and names no place
            continue
        name, low, high = first_breaker(scheme, by_id[mine.person_id], by_id[theirs.person_id])
        assert notes == [(str(before), name, format(low, "f"), format(high, "f"))]
        assert low < high


@given(groups(missing=False, exempt=False), st.data())
def test_over_quota_names_a_class_held_by_more_than_its_seats(group, data):
    scheme, entries = group
    results = {r.person_id: r for r in rank_group(scheme, entries)}
    lifted = []
    for entry in entries:
        computed = results[entry.person_id].computed
        if computed in ("称职", "一般", "不称职") and data.draw(st.booleans()):
            better = data.draw(st.sampled_from(GRADES[: GRADES.index(computed)]))
            entry = Entry(entry.person_id, entry.scores, entry.bonus, Override(better, "表现突出"))
        lifted.append(entry)
    for r in rank_group(scheme, lifted):
        said = OVER_TEXT.findall(r.reason)
        assert bool(said) == (OVER_QUOTA in r.flags)
        assert all(int(held) > int(seats) for _, seats, held in said)
        assert "超出称职名额" not in r.reason


# --- weighed entries ------------------------------------------------------------------------------------------


def fresh(entries: list[Entry]) -> list[Entry]:
    return [Entry(e.person_id, dict(e.scores), e.bonus, e.override) for e in entries]


def outcome(results: list[Result]) -> list[tuple]:
    return [(r.person_id, r.total, r.place, r.computed, r.grade, r.flags, r.reason) for r in results]


@st.composite
def overridden_groups(draw):
    scheme, entries = draw(groups())
    grades = [*GRADES, EXEMPT]
    for index in draw(st.lists(st.integers(0, max(0, len(entries) - 1)), max_size=3)) if entries else []:
        e = entries[index]
        entries[index] = Entry(
            e.person_id, e.scores, e.bonus, Override(draw(st.sampled_from(grades)), "述职")
        )
    return scheme, entries


@settings(max_examples=300)
@given(st.one_of(groups(), tied_groups(), overridden_groups()))
def test_entries_weighed_when_loaded_rank_exactly_as_entries_ranked_from_their_scores(group):
    """A period's entries are weighed as they are loaded and ranked by the standing each holds; ranking the
    same entries from their scores gives every person the same total, place, grades, flags and reason."""
    scheme, entries = group
    weighed = fresh(entries)
    weigh(scheme, weighed)
    assert all(e.weighed_for is scheme for e in weighed)  # every generated score fits the standing
    assert outcome(rank_group(scheme, weighed)) == outcome(rank_group(scheme, fresh(entries)))


@given(groups(missing=False, exempt=False))
def test_an_entry_weighed_under_another_scheme_or_changed_since_is_ranked_from_its_scores(group):
    scheme, entries = group
    other = Scheme(
        "other", "单项", "年度", scheme.components, Ratio((1, 0, 0)), scheme.tie_breakers, scheme.bonus_cap
    )
    weighed = fresh(entries)
    weigh(other, weighed)
    assert outcome(rank_group(scheme, weighed)) == outcome(rank_group(scheme, fresh(entries)))
    if entries:
        key = scheme.components[0].key
        changed = replace(weighed[0], scores={**weighed[0].scores, key: D(0)})
        assert changed.weighed_for is None  # `replace` keeps no standing of the old scores
        again = [changed, *weighed[1:]]
        assert outcome(rank_group(other, again)) == outcome(rank_group(other, fresh(again)))


def test_a_tie_breaker_decides_between_equal_printed_totals_weighed_or_not():
    scheme = BUILTIN_SCHEMES["weighted-top20"]
    # Both 90.00 as printed (89.999 rounds up); 工作考核 91 > 90 decides.
    a = Entry(1, {"work": D(91), "test": D(90), "satisfaction": D("88.33")})
    b = Entry(2, {"work": D(90), "test": D(90), "satisfaction": D(90)})
    others = [Entry(i, {"work": D(70), "test": D(70), "satisfaction": D(70)}) for i in range(3, 11)]
    weighed = [b, a, *others]
    weigh(scheme, weighed)
    assert all(e.weighed_for is scheme for e in weighed)
    results = rank_group(scheme, weighed)
    assert [(r.person_id, r.total, r.place) for r in results[:2]] == [(1, D("90.00"), 1), (2, D("90.00"), 2)]
    assert "与名次 1 总分相同，按工作考核 90 < 91 排后" in results[1].reason
    # A tie-breaker score of 3 decimals does not fit the standing: the entries are left unweighed, and the
    # ranking totals and orders them from their scores all the same (90.0005 prints 90.00; 90.001 > 90).
    c = Entry(3, {"work": D("90.001"), "test": D(90), "satisfaction": D(90)})
    finer = [Entry(2, dict(b.scores)), c]
    weigh(scheme, finer)
    assert [e.weighed_for for e in finer] == [None, None]
    assert [(r.person_id, r.total, r.place) for r in rank_group(scheme, finer)] == [
        (3, D("90.00"), 1),
        (2, D("90.00"), 2),
    ]


def test_standings_are_floats_where_exact_and_order_as_the_scores_do():
    entries = [
        Entry(i, {"work": D(w), "test": D(t), "satisfaction": D(80)})
        for i, (w, t) in enumerate([("100", "0"), ("99.99", "100"), ("100", "0.01"), ("0", "100")])
    ]
    weigh(BUILTIN_SCHEMES["weighted-top20"], entries)
    standings = [e.standing for e in entries]
    assert {type(x) for x in standings} == {float}
    # totals 74.00, 93.995 → 94.00, 74.002 → 74.00, 44.00; equal totals go on to 工作考核, then 业务测试
    assert sorted(range(4), key=standings.__getitem__, reverse=True) == [1, 2, 0, 3]
    assert len(set(standings)) == 4


@settings(max_examples=150)
@given(st.one_of(groups(), tied_groups(), overridden_groups()), st.randoms(use_true_random=False))
def test_a_reason_is_the_same_worded_alone_or_with_every_other(group, rng):
    """The grid words the reason of the place it shows; a list words them all at once after a few."""
    scheme, entries = group
    weighed = fresh(entries)
    weigh(scheme, weighed)
    in_order = [r.reason for r in rank_group(scheme, weighed)]
    results = rank_group(scheme, weighed)
    order = list(range(len(results)))
    rng.shuffle(order)
    shuffled = {i: results[i].reason for i in order}
    assert [shuffled[i] for i in range(len(results))] == in_order


def test_a_result_is_a_value_whose_reason_goes_with_it():
    scheme = BUILTIN_SCHEMES["weighted-top20"]
    entries = [Entry(i, {"work": D(90 - i), "test": D(80), "satisfaction": D(80)}) for i in range(1, 6)]
    weigh(scheme, entries)
    first, again = rank_group(scheme, entries), rank_group(scheme, entries)
    assert first == again and len(set(first) | set(again)) == 5 and hash(first[0]) == hash(again[0])
    moved = first[0]._replace(place=3)  # the reason stays the first place's, not place 3's
    assert (moved.place, moved.reason) == (3, first[0].reason) and moved.why == first[0].reason
    assert first[0]._asdict()["reason"] == first[0].reason and "why" not in first[0]._asdict()
    copied = pickle.loads(pickle.dumps(first[2]))
    assert copied == first[2] and copied.why == first[2].reason


def test_weighing_leaves_alone_what_it_cannot_weigh_exactly_and_never_raises():
    # A negative weight: the most a total can be is the positive parts' most, not the weights' sum.
    scheme = Scheme(
        "neg", "负权", "年度",
        (Component("a", "甲", D(2), D(800000)), Component("b", "乙", D(-1), D(800000)),
         Component("c", "丙", D(0), D(800000))),
        Ratio((1, 1, 1)), ("c",),
    )  # fmt: skip
    entries = [
        Entry(1, {"a": D(1), "b": D(0), "c": D("700000.01")}),
        Entry(2, {"a": D(1), "b": D(0), "c": D(700000)}),
    ]
    weighed = fresh(entries)
    weigh(scheme, weighed)
    assert outcome(rank_group(scheme, weighed)) == outcome(rank_group(scheme, fresh(entries)))
    assert [r.place for r in rank_group(scheme, weighed)] == [1, 2]
    # A NaN score, a tie-breaker naming no component: nothing weighed, nothing raised; the ranking refuses.
    nan = [Entry(1, {"work": D("NaN"), "test": D(80), "satisfaction": D(80)})]
    weigh(BUILTIN_SCHEMES["weighted-top20"], nan)
    assert nan[0].weighed_for is None
    odd = Scheme("odd", "单项", "年度", SINGLE, Ratio((1, 5, 4)), ("missing",))
    alone = [Entry(1, {"s": D(80)})]
    weigh(odd, alone)
    assert alone[0].weighed_for is None
