"""A new user plans a two-node Exchange 2003 cluster in a real browser, step by step: with
JavaScript (the live pages, htmx) and without it (every page still works)."""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from app.extensions import db
from app.storage.models import Project

pytestmark = pytest.mark.browser

AXE = Axe()


def assert_accessible(page, javascript=True):
    """axe finds nothing serious. axe runs in the page, so a page shown without JavaScript is
    checked as it was shown (its <noscript> content in, its scripts out) in a second page that may
    run it, at the same address so that the stylesheet applies."""
    if javascript:
        results = AXE.run(page)
    else:
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S)
        html = html.replace("<noscript>", "").replace("</noscript>", "")
        checker = page.context.browser.new_context().new_page()
        checker.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html"))
        checker.goto(page.url)
        results = AXE.run(checker)
        checker.context.close()
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes) {v['nodes'][0]['html'][:200]}"
                              for v in bad)


def choose(scope, label, value):
    scope.get_by_label(label, exact=True).select_option(value)


def fill_node(page, index, name, public_ip, private_ip):
    row = page.locator(f"#nodes-row-{index}")
    row.get_by_label("Node name").fill(name)
    row.get_by_label("Public IP address").fill(public_ip)
    row.get_by_label("Private IP address").fill(private_ip)
    row.get_by_label("Domain", exact=True).fill("contoso.com")
    choose(row, "Is a domain controller", "no")
    row.get_by_label("Hardware model").fill("ProLiant DL380 G4")
    for component in (".NET Framework", "ASP.NET", "World Wide Web Publishing service (IIS)", "SMTP service",
                      "NNTP service"):
        row.get_by_label(component).check()
    choose(row, "Exchange was installed before the cluster service", "no")
    choose(row, "Node will own cluster groups during its Exchange setup", "no")


def fill_disk(page, index, letter, label, purpose):
    row = page.locator(f"#disks-row-{index}")
    row.get_by_label("Drive letter").fill(letter)
    row.get_by_label("Volume label").fill(label)
    choose(row, "Purpose", purpose)
    choose(row, "Empty before Exchange setup", "yes")


def register(page, base_url, name, password="long-enough-pw"):
    page.goto(base_url + "/register")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password again").fill(password)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text(f"Signed in as {name}")).to_be_visible()


def sign_in(page, base_url, name, password="long-enough-pw"):
    page.goto(base_url + "/login")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {name}")).to_be_visible()


def next_step(page):
    page.get_by_role("button", name="Save and continue").click()


def step_link(page, title):
    return page.get_by_role("navigation", name="Steps of the plan").get_by_role("link", name=re.compile(title))


def revision(live_server) -> int:
    with live_server.app.app_context():
        return db.session.scalars(db.select(Project.revision)).one()


def csp_reports(page) -> list[str]:
    """Console messages of the page about its Content-Security-Policy, as they come."""
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text)
            if "Content Security Policy" in message.text else None)
    return messages


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_new_user_plans_a_two_node_exchange_2003_cluster(browser, live_server, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    csp = csp_reports(page)
    page.goto(live_server.url)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_accessible(page, javascript)
    register(page, live_server.url, "alice")
    assert_accessible(page, javascript)
    page.get_by_role("link", name="New plan", exact=True).click()
    page.get_by_label("Plan name").fill("Contoso mail cluster")
    choose(page, "Exchange version", "2003")
    choose(page, "Windows version", "2003")
    assert_accessible(page, javascript)
    page.get_by_role("button", name="Create plan").click()

    # Basics
    expect(page.get_by_role("heading", name="Basics")).to_be_visible()
    if javascript:  # choices follow the answers they depend on at once, and nothing is saved
        saved = revision(live_server)
        choose(page, "Windows version", "2000")
        expect(page.locator("#windows__edition option[value=advanced]")).to_have_count(1)
        expect(page.locator("#windows__edition option[value=enterprise]")).to_have_count(0)
        choose(page, "Windows version", "2003")
        expect(page.locator("#windows__edition option[value=enterprise]")).to_have_count(1)
        choose(page, "Exchange version", "2007")
        expect(page.get_by_label("Exchange 2007 cluster type")).to_be_visible()
        choose(page, "Exchange version", "2003")
        expect(page.get_by_label("Exchange 2007 cluster type")).to_have_count(0)
        assert revision(live_server) == saved
    else:
        assert page.get_by_label("Exchange 2007 cluster type").count() == 0  # asked for Exchange 2007 only
    choose(page, "Exchange edition", "enterprise")
    choose(page, "Exchange service pack", "2")
    choose(page, "Windows edition", "enterprise")
    choose(page, "Windows service pack", "2")
    choose(page, "Processor architecture", "x86")
    assert_accessible(page, javascript)
    next_step(page)

    # Active Directory
    page.get_by_label("Forest root domain").fill("contoso.com")
    page.get_by_label("Domain of the cluster nodes").fill("contoso.com")
    page.get_by_label("DNS servers").fill("10.0.0.2")
    choose(page, "DNS zone accepts dynamic updates", "yes")
    choose(page, "ForestPrep has already been run in this forest", "no")
    choose(page, "The ForestPrep account is in Schema Admins", "yes")
    choose(page, "The ForestPrep account is in Enterprise Admins", "yes")
    choose(page, "DomainPrep has already been run in the nodes' domain", "no")
    choose(page, "The DomainPrep account is in Domain Admins", "yes")
    choose(page, "The setup account holds Exchange Full Administrator", "yes")
    assert_accessible(page, javascript)
    assert step_link(page, "Cluster service").get_attribute("href").endswith("/steps/cluster")  # opens in a tab
    if javascript:
        step_link(page, "Cluster service").click()  # saves the typed answers on the way
        expect(page.get_by_role("heading", name="Cluster service")).to_be_visible()
        expect(step_link(page, "Active Directory")).to_contain_text("Complete")
    else:
        next_step(page)

    # Cluster service: a typo first, kept and explained at the field.
    page.get_by_label("Cluster name").fill("EXCLUS1")
    page.get_by_label("Cluster IP address").fill("10.0.0.5O")
    page.get_by_label("Public network", exact=True).fill("10.0.0.0/24")
    if javascript:  # leaving the field is enough to hear about it
        expect(page.locator("#cluster__ip-error")).to_contain_text("is not an IPv4 address")
    page.get_by_label("Default gateway of the public network").fill("10.0.0.1")
    page.get_by_label("Private (heartbeat) network").fill("192.168.10.0/24")
    choose(page, "Quorum type", "disk")
    page.get_by_label("Cluster service account", exact=True).fill("CONTOSO\\svc-cluster")
    choose(page, "The cluster service account is in the local Administrators group of every node", "yes")
    choose(page, "The MSDTC resource will exist and be online before Exchange setup", "yes")
    choose(page, "Shared storage interconnect", "fibre-channel")
    choose(page, "The whole cluster solution is certified (Windows catalog / HCL)", "yes")
    assert page.get_by_label("Cluster name").input_value() == "EXCLUS1"  # nothing typed was lost to a check
    next_step(page)
    expect(page.get_by_text("Some answers could not be saved as typed")).to_be_visible()  # the page after the save
    assert "is not an IPv4 address" in page.locator("#cluster__ip-error").inner_text()
    assert page.get_by_label("Cluster IP address").input_value() == "10.0.0.5O"
    assert page.get_by_label("Cluster name").input_value() == "EXCLUS1"
    assert_accessible(page, javascript)
    page.get_by_label("Cluster IP address").fill("10.0.0.50")
    next_step(page)

    # Nodes: the second node is marked as a domain controller by mistake.
    expect(page.get_by_role("heading", name="Nodes")).to_be_visible()
    fill_node(page, 0, "EXNODE1", "10.0.0.11", "192.168.10.11")
    fill_node(page, 1, "EXNODE2", "10.0.0.12", "192.168.10.12")
    choose(page.locator("#nodes-row-1"), "Is a domain controller", "yes")
    node_two = page.locator("#nodes-row-1")
    if javascript:  # the finding shows as soon as the answer is given
        expect(node_two).to_contain_text("EXNODE2 is planned as a domain controller")
    else:
        page.get_by_role("button", name="Save", exact=True).first.click()
        expect(node_two).to_contain_text("EXNODE2 is planned as a domain controller")
    assert page.locator("#nodes-row-0 .finding").count() == 0  # the first node's answer is fine
    assert_accessible(page, javascript)
    choose(node_two, "Is a domain controller", "no")
    next_step(page)

    # Storage: disks are added (and one removed) on the page; only Save makes a revision.
    expect(page.get_by_role("heading", name="Shared storage")).to_be_visible()
    saved = revision(live_server)
    for index, (letter, label, purpose) in enumerate([("Q:", "Quorum", "quorum"), ("R:", "EXVS1 databases", "exchange"),
                                                       ("S:", "EXVS1 logs", "exchange"), ("T:", "Spare", "other")]):
        page.get_by_role("button", name="Add a disk").click()
        fill_disk(page, index, letter, label, purpose)
    new_disk = page.locator("#disks-row-3")
    assert "has-error" not in new_disk.get_attribute("class") and "Disk 4" in new_disk.inner_text()
    page.get_by_role("button", name=re.compile(r"^Remove disk 4")).click()
    expect(page.locator("#disks-row-3")).to_have_count(0)
    assert page.locator("#disks-1-letter").input_value() == "R:"  # the other rows kept what was typed
    assert revision(live_server) == saved
    assert_accessible(page, javascript)
    next_step(page)
    expect(page.get_by_role("heading", name="Virtual servers")).to_be_visible()
    assert revision(live_server) == saved + 1

    # Virtual servers: a new server comes with the usual answers chosen.
    page.get_by_role("button", name="Add a virtual server").click()
    row = page.locator("#virtual_servers-row-0")
    assert row.get_by_label("System Attendant").is_checked() and not row.get_by_label("NNTP", exact=True).is_checked()
    assert row.get_by_label("Neither (the usual choice)").is_checked()
    assert row.get_by_label("Kerberos enabled on the Network Name").input_value() == "yes"
    row.get_by_label("Name", exact=True).fill("EXVS1")
    row.get_by_label("IP address").fill("10.0.0.60")
    row.get_by_label("Cluster group").fill("EXVS1 Group")
    row.get_by_label("R: EXVS1 databases").check()
    row.get_by_label("S: EXVS1 logs").check()
    row.get_by_label("Storage groups").fill("2")
    choose(row, "Kerberos enabled on the Network Name", "yes")
    preferred = row.get_by_role("group", name="Preferred owners")
    preferred.get_by_label("EXNODE1").check()
    preferred.get_by_label("EXNODE2").check()
    assert_accessible(page, javascript)
    next_step(page)

    # Storage groups: optional; none planned yet.
    expect(page.get_by_role("heading", name="Storage groups")).to_be_visible()
    assert_accessible(page, javascript)
    next_step(page)

    # Setup: leave the browser here and come back later.
    expect(page.get_by_role("heading", name="Setup")).to_be_visible()
    choose(page, "Setup mode", "attended")
    choose(page, "Run setup on several nodes at the same time", "no")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.get_by_text("Saved: Setup.")).to_be_visible()
    project_url = page.url.split("/steps/")[0]
    context.close()
    assert not csp, csp

    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, live_server.url, "alice")
    page.get_by_role("link", name="Open Contoso mail cluster").click()
    assert page.url.endswith("/steps/setup")
    assert page.get_by_label("Setup mode").input_value() == "attended"
    assert_accessible(page, javascript)
    next_step(page)

    expect(page.get_by_role("heading", name="Rule check: no errors, every question answered")).to_be_visible()
    assert_accessible(page, javascript)
    assert page.url.startswith(project_url)
    context.close()


def test_rules_pages_are_accessible(page, live_server):
    page.goto(live_server.url + "/rules")
    assert_accessible(page)
    page.get_by_role("link", name="nodes-not-domain-controllers").click()
    expect(page.get_by_role("heading", name="nodes-not-domain-controllers")).to_be_visible()
    assert_accessible(page)
