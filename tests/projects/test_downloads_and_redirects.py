"""Downloads named after any plan name, addresses from the request that cannot break a redirect,
and no project response kept by a cache."""
from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from app.extensions import db
from app.storage import projects as service
from app.storage.accounts import find_user
from app.storage.models import Comment
from tests.conftest import EXAMPLE_PLAN, PASSWORD, csrf_token, make_user


def named_project(app, name: str) -> int:
    with app.app_context():
        project = service.import_project(EXAMPLE_PLAN.read_bytes(), owner=find_user("alice"))
        service.rename_project(project, name)
        return project.id


def downloads(app, project_id) -> list[str]:
    with app.app_context():
        from app.domain.runbook import build_checklist, scripts
        from app.storage.models import Project
        checklist = build_checklist(db.session.get(Project, project_id).plan)
        stage = next(stage for stage in scripts.stages_of(checklist) if stage.runnable)
    return [f"/projects/{project_id}/export", f"/projects/{project_id}/checklist.md",
            f"/projects/{project_id}/checklist/scripts/{stage.phase}/{stage.number}.cmd"]


@pytest.mark.parametrize("name", ["Ωmega plan", "日本語", "Contoso \"mail\" cluster\\1"])
def test_a_download_of_a_plan_with_any_name_gets_an_ascii_name_and_the_real_one(app, client, name):
    project_id = named_project(app, name)
    for url in downloads(app, project_id):
        response = client.get(url)
        assert response.status_code == 200, url
        header = response.headers["Content-Disposition"]
        header.encode("ascii")  # what every server can send, so the answer is not lost
        fallback = re.search(r'filename="([^"]+)"', header).group(1)
        assert fallback.isascii() and "\\" not in fallback and '"' not in fallback
        real = unquote(re.search(r"filename\*=UTF-8''(\S+)", header).group(1))
        assert real.startswith(name.replace('"', "-").replace("\\", "-")), (url, real)


@pytest.mark.parametrize("next_url", ["/%0d%0aX:1", "/projects%0d%0aSet-Cookie:%20a=b", "/\\evil.example",
                                      "/%09/evil.example", "//evil.example"])
def test_a_next_address_that_could_break_the_redirect_falls_back_to_the_project_list(app, next_url):
    make_user(app, "bob")
    browser = app.test_client()
    token = csrf_token(browser, f"/login?next={next_url}")
    page = browser.get(f"/login?next={next_url}").get_data(as_text=True)
    posted_next = re.search(r'name="next" type="hidden" value="([^"]*)"', page).group(1)
    response = browser.post("/login", data={"csrf_token": token, "username": "bob", "password": PASSWORD,
                                            "next": posted_next.replace("&#13;", "\r").replace("&#10;", "\n")})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/projects")


def comment(client, project_id: int, body: str, return_to: str):
    token = csrf_token(client, f"/projects/{project_id}/steps/review")
    return client.post(f"/projects/{project_id}/comments", data={
        "csrf_token": token, "target": "plan:", "body": body, "return_to": return_to})


def test_a_comment_with_a_broken_return_address_is_saved_once_and_returns_to_review(app, client):
    project_id = named_project(app, "Plan")
    response = comment(client, project_id, "Only once", f"/projects/{project_id}/steps/nodes\r\nX-Injected: 1")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/projects/{project_id}/steps/review#discussion")
    assert "X-Injected" not in response.headers
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Comment)) == 1


def test_a_comment_returns_to_a_page_of_the_same_project_only(app, client):
    project_id = named_project(app, "Plan")
    ok = comment(client, project_id, "Back to nodes", f"/projects/{project_id}/steps/nodes")
    assert ok.headers["Location"].endswith(f"/projects/{project_id}/steps/nodes")
    elsewhere = comment(client, project_id, "Elsewhere", "/projects/999/steps/nodes")
    assert elsewhere.headers["Location"].endswith("#discussion")


def test_no_project_response_may_be_cached(app, client):
    project_id = named_project(app, "Plan")
    for url in downloads(app, project_id) + [f"/projects/{project_id}/as-built/collect.cmd", "/projects",
                                              f"/projects/{project_id}/steps/nodes"]:
        response = client.get(url)
        assert response.headers.get("Cache-Control") == "no-store", url
    assert client.get("/static/style.css").headers.get("Cache-Control") != "no-store"
