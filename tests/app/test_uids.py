import uuid

from app.uids import new_uids


def test_new_uids_are_distinct_version_4_uuids_in_their_canonical_text():
    made = new_uids(2000)
    assert len(made) == len(set(made)) == 2000
    for text in made:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
        assert str(parsed) == text


def test_no_uids_for_nothing():
    assert new_uids(0) == []
