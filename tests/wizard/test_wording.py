"""Words the wizard and the rules use: product names, number ranges, what a note's advice is
called, and what the "On this step" list says of answers shown but not saved."""
from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from app.domain import versions
from app.domain.plan import load_plan, vocab
from app.domain.rules import check
from app.domain.rules.engine import Finding
from app.domain.words import windows_label
from tests.conftest import EXAMPLE_PLAN, csrf_token
from tests.helpers import post_step

PRODUCT_NAMES = {
    ("2000", "standard"): "Windows 2000 Server",
    ("2000", "advanced"): "Windows 2000 Advanced Server",
    ("2000", "datacenter"): "Windows 2000 Datacenter Server",
    ("2003", "standard"): "Windows Server 2003, Standard Edition",
    ("2003", "enterprise"): "Windows Server 2003, Enterprise Edition",
    ("2003", "datacenter"): "Windows Server 2003, Datacenter Edition",
    ("2008", "standard"): "Windows Server 2008 Standard",
    ("2008", "enterprise"): "Windows Server 2008 Enterprise",
    ("2008", "datacenter"): "Windows Server 2008 Datacenter",
    ("2008r2", "standard"): "Windows Server 2008 R2 Standard",
    ("2008r2", "enterprise"): "Windows Server 2008 R2 Enterprise",
    ("2008r2", "datacenter"): "Windows Server 2008 R2 Datacenter",
}


def test_every_edition_of_every_release_has_its_product_name():
    offered = {(version, edition) for version in vocab.WINDOWS_VERSIONS
               for edition in versions.windows(version).editions}
    assert offered == set(PRODUCT_NAMES)
    for (version, edition), name in PRODUCT_NAMES.items():
        assert windows_label(version, edition) == name
    assert windows_label("2003", None) == "Windows Server 2003"


def test_the_node_limit_names_windows_2000_advanced_server_once():
    document = __import__("json").loads(EXAMPLE_PLAN.read_text())
    document["windows"] = {"version": "2000", "edition": "advanced", "service_pack": 4, "architecture": "x86"}
    document["exchange"]["version"] = "2000"
    for node in document["nodes"]:
        node["exchange_version"] = "2000"
    document["nodes"].append(dict(document["nodes"][0], name="EXNODE3", public_ip="10.0.0.13", private_ip="192.168.10.13"))
    for server in document["virtual_servers"]:
        server.pop("kerberos")
    message = next(f.message for f in check(load_plan(document)).findings if f.rule == "nodes-max-for-edition")
    assert message == "3 nodes exceed the 2-node limit of Windows 2000 Advanced Server."


@pytest.mark.parametrize("version, shown", [("2000", "Windows 2000"), ("2003", "Windows Server 2003"),
                                            ("2008r2", "Windows Server 2008 R2")])
def test_a_standard_edition_is_named_with_its_release(version, shown):
    document = __import__("json").loads(EXAMPLE_PLAN.read_text())
    document["windows"]["version"], document["windows"]["edition"] = version, "standard"
    message = next(f.message for f in check(load_plan(document)).findings if f.rule == "windows-edition-clusterable")
    assert message == f"The Standard edition of {shown} has no cluster service."


@pytest.mark.parametrize("severity, label", [("error", "Fix"), ("warning", "Fix"), ("info", "What to do")])
def test_a_note_tells_what_to_do_rather_than_what_to_fix(severity, label):
    finding = Finding("r", "t", severity, "basics", "name", "m", "do this", "s")
    assert finding.remedy_label == label


def test_the_new_plan_form_spells_the_exchange_releases():
    from app.web.projects.forms import NewProjectForm
    assert [label for _, label in NewProjectForm.exchange_version.kwargs["choices"]] == [
        "Exchange 2000 Server", "Exchange Server 2003", "Exchange Server 2007"]


# ---------------------------------------------------------------- on the pages

@pytest.fixture
def plan_url(client):
    token = csrf_token(client, "/projects/new")
    response = client.post("/projects/new", data={"csrf_token": token, "name": "Words",
                                                  "exchange_version": "2007", "windows_version": "2008"})
    return response.headers["Location"].rsplit("/steps/", 1)[0]


def project_id_of(url: str) -> int:
    return int(url.rsplit("/", 1)[1])


def test_a_huge_number_is_refused_with_the_range_allowed(client, app):
    token = csrf_token(client, "/projects/new")
    response = client.post("/projects/new", data={"csrf_token": token, "name": "Words",
                                                  "exchange_version": "2003", "windows_version": "2003"})
    base = response.headers["Location"].rsplit("/steps/", 1)[0]
    posted = MultiDict({"action": "add", "virtual_servers-0-origin": ""})
    post_step(client, project_id_of(base), "virtual-servers", posted, token, goto="")
    for typed, message in (("99999999999999999999999", "99999999999999999999999 is too large here; enter a number from 0 to 100."),
                           ("-1", "-1 is too small here; enter a number from 0 to 100."),
                           ("two", "“two” is not a whole number; enter a number from 0 to 100.")):
        response = post_step(client, project_id_of(base), "virtual-servers",
                             MultiDict({"virtual_servers-0-origin": "0", "virtual_servers-0-storage_groups": typed}),
                             token, goto="")
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert message in html.replace("&#34;", '"')
        assert f'value="{typed}"' in html  # kept as typed


def test_unreadable_dns_servers_say_so_in_the_list_and_at_the_field(client, plan_url):
    token = csrf_token(client, f"{plan_url}/steps/active-directory")
    response = post_step(client, project_id_of(plan_url), "active-directory",
                         MultiDict({"active_directory__dns_servers": "10.0.0.300, 10.0.0.2"}), token, goto="")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    expected = ("DNS servers: what was typed could not be read, so nothing is saved. "
                "“10.0.0.300” is not an IPv4 address; separate several with commas.")
    assert expected in html
    assert "DNS servers: not answered yet" not in html
    assert 'value="10.0.0.300, 10.0.0.2"' in html
    again = client.get(f"{plan_url}/steps/active-directory").get_data(as_text=True)  # the draft, later
    assert expected in again and 'value="10.0.0.300, 10.0.0.2"' in again


def test_the_suggested_setup_order_is_listed_as_a_suggestion_until_saved(client, app, plan_url):
    token = csrf_token(client, f"{plan_url}/steps/nodes")
    project_id = project_id_of(plan_url)
    nodes = MultiDict({"nodes-0-origin": "", "nodes-0-name": "EXNODE1", "nodes-1-origin": "", "nodes-1-name": "EXNODE2"})
    assert post_step(client, project_id, "nodes", nodes, token, goto="").status_code == 302
    html = client.get(f"{plan_url}/steps/setup").get_data(as_text=True)
    assert "Setup order: a suggestion is filled in; save this step to keep it" in html
    assert "Setup order: not answered yet" not in html
    assert '<option selected value="EXNODE1">' in html
    post_step(client, project_id, "setup", MultiDict({"setup__node_order-0": "EXNODE1",
                                                        "setup__node_order-1": "EXNODE2"}), token, goto="")
    assert "Setup order:" not in client.get(f"{plan_url}/steps/setup").get_data(as_text=True)


def test_the_review_page_says_a_step_holds_text_that_could_not_be_read(client, plan_url):
    token = csrf_token(client, f"{plan_url}/steps/active-directory")
    post_step(client, project_id_of(plan_url), "active-directory",
              MultiDict({"active_directory__dns_servers": "10.0.0.300"}), token, goto="")
    html = client.get(f"{plan_url}/steps/review").get_data(as_text=True)
    section = html[html.index('id="review-active-directory"'):]
    section = section[:section.index("</section>")]
    assert "Some answers typed on this step could not be read" in section
    assert "could not be read" not in html[html.index('id="review-cluster"'):][:2000]
