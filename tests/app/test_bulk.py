"""app.exchange.bulk: the garbage collector paused for bulk work is always switched back on."""

from __future__ import annotations

import gc

import pytest

from app.exchange.bulk import collector_paused


def test_the_collector_is_paused_inside_and_on_again_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: the inner one leaves it to the outer
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_is_on_again_after_a_failure():
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_another_part_froze_stays_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_after_the_pause_nothing_is_left_frozen():
    assert gc.get_freeze_count() == 0
    with collector_paused():
        kept = [[i] for i in range(1000)]
    assert gc.get_freeze_count() == 0
    assert gc.is_tracked(kept[0])
