"""Route tests: the platform's dispatcher serving ``app/`` in-process, on a moto table."""

from __future__ import annotations

import pytest

from multi_region_api.testing import ApiClient
from tests.conftest import APP, HOME, PEER, PROJECT


def test_health_answers_and_names_the_region(home: ApiClient) -> None:
    answer = home.health()
    assert answer.status == 200
    assert answer.served_region == HOME


def test_a_note_is_created_once_per_idempotency_key(home: ApiClient) -> None:
    key = {"Idempotency-Key": "note-1"}
    first = home.post("/notes", json={"text": "hello"}, headers=key)
    again = home.post("/notes", json={"text": "hello"}, headers=key)
    assert first.status == again.status == 201
    assert first.json() == again.json()
    assert [n["text"] for n in home.get("/notes").json()["notes"]] == ["hello"]


def test_a_key_reused_with_another_body_is_refused(home: ApiClient) -> None:
    key = {"Idempotency-Key": "note-2"}
    assert home.post("/notes", json={"text": "one"}, headers=key).status == 201
    reused = home.post("/notes", json={"text": "two"}, headers=key)
    assert reused.status == 422
    assert reused.json()["error"] == "idempotency_key_reused"


def test_a_note_reads_back_and_a_missing_one_is_a_404(home: ApiClient) -> None:
    created = home.post("/notes", json={"text": "read me"}).json()
    assert home.get(f"/notes/{created['id']}").json() == created
    missing = home.get("/notes/nope")
    assert missing.status == 404
    assert missing.json()["error"] == "not_found"


def test_writes_outside_the_home_region_point_at_it(peer: ApiClient) -> None:
    refused = peer.post("/notes", json={"text": "from the peer"})
    assert refused.status == 409
    assert refused.json()["homeRegion"] == HOME
    assert refused.header("Location") == f"https://{HOME}.api.example.com/notes"
    assert refused.served_region == PEER


def test_a_bad_body_is_a_validation_error(home: ApiClient) -> None:
    answer = home.post("/notes", json={"text": ""})
    assert answer.status == 422
    assert answer.json()["error"] == "validation_error"


@pytest.mark.parametrize("front_door", ["rest", "http", "alb"])
def test_every_front_door_serves_the_routes(front_door: str) -> None:
    with ApiClient(APP, front_door=front_door, regions=(HOME, PEER), base_dir=PROJECT) as client:
        assert client.post("/notes", json={"text": front_door}).status == 201
        assert client.get("/notes").json()["notes"][0]["text"] == front_door
