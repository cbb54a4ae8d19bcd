"""A new user plans a two-node Exchange 2003 cluster in a real browser, step by step."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

AXE = Axe()


def assert_accessible(page):
    results = AXE.run(page)
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
    assert page.get_by_text(f"Signed in as {name}").is_visible()


def sign_in(page, base_url, name, password="long-enough-pw"):
    page.goto(base_url + "/login")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text(f"Signed in as {name}").is_visible()


def next_step(page):
    page.get_by_role("button", name="Save and continue").click()


def test_new_user_plans_a_two_node_exchange_2003_cluster(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url)
    assert page.get_by_role("heading", name="Sign in").is_visible()
    assert_accessible(page)
    register(page, live_server.url, "alice")
    assert_accessible(page)
    page.get_by_role("link", name="New plan", exact=True).click()
    page.get_by_label("Plan name").fill("Contoso mail cluster")
    choose(page, "Exchange version", "2003")
    choose(page, "Windows version", "2003")
    assert_accessible(page)
    page.get_by_role("button", name="Create plan").click()

    # Basics
    assert page.get_by_role("heading", name="Basics").is_visible()
    choose(page, "Exchange edition", "enterprise")
    choose(page, "Exchange service pack", "2")
    choose(page, "Windows edition", "enterprise")
    choose(page, "Windows service pack", "2")
    choose(page, "Processor architecture", "x86")
    assert_accessible(page)
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
    assert_accessible(page)
    next_step(page)

    # Cluster service: a typo first, kept and explained at the field.
    page.get_by_label("Cluster name").fill("EXCLUS1")
    page.get_by_label("Cluster IP address").fill("10.0.0.5O")
    page.get_by_label("Public network", exact=True).fill("10.0.0.0/24")
    page.get_by_label("Default gateway of the public network").fill("10.0.0.1")
    page.get_by_label("Private (heartbeat) network").fill("192.168.10.0/24")
    choose(page, "Quorum type", "disk")
    page.get_by_label("Cluster service account", exact=True).fill("CONTOSO\\svc-cluster")
    choose(page, "The cluster service account is in the local Administrators group of every node", "yes")
    choose(page, "The MSDTC resource will exist and be online before Exchange setup", "yes")
    choose(page, "Shared storage interconnect", "fibre-channel")
    choose(page, "The whole cluster solution is certified (Windows catalog / HCL)", "yes")
    next_step(page)
    assert page.get_by_role("heading", name="Cluster service").is_visible()
    assert "is not an IPv4 address" in page.locator("#cluster__ip-error").inner_text()
    assert page.get_by_label("Cluster IP address").input_value() == "10.0.0.5O"
    assert page.get_by_label("Cluster name").input_value() == "EXCLUS1"
    assert_accessible(page)
    page.get_by_label("Cluster IP address").fill("10.0.0.50")
    next_step(page)

    # Nodes: the second node is marked as a domain controller by mistake.
    assert page.get_by_role("heading", name="Nodes").is_visible()
    fill_node(page, 0, "EXNODE1", "10.0.0.11", "192.168.10.11")
    fill_node(page, 1, "EXNODE2", "10.0.0.12", "192.168.10.12")
    choose(page.locator("#nodes-row-1"), "Is a domain controller", "yes")
    page.get_by_role("button", name="Save", exact=True).first.click()
    node_two = page.locator("#nodes-row-1")
    assert "EXNODE2 is planned as a domain controller" in node_two.inner_text()
    assert page.locator("#nodes-row-0 .finding").count() == 0  # the first node's answer is fine
    assert_accessible(page)
    choose(node_two, "Is a domain controller", "no")
    next_step(page)

    # Storage
    assert page.get_by_role("heading", name="Shared storage").is_visible()
    for index, (letter, label, purpose) in enumerate([("Q:", "Quorum", "quorum"), ("R:", "EXVS1 databases", "exchange"),
                                                       ("S:", "EXVS1 logs", "exchange")]):
        page.get_by_role("button", name="Add a disk").click()
        fill_disk(page, index, letter, label, purpose)
    assert_accessible(page)
    next_step(page)

    # Virtual servers
    page.get_by_role("button", name="Add a virtual server").click()
    row = page.locator("#virtual_servers-row-0")
    row.get_by_label("Name", exact=True).fill("EXVS1")
    row.get_by_label("IP address").fill("10.0.0.60")
    row.get_by_label("Cluster group").fill("EXVS1 Group")
    row.get_by_label("R: EXVS1 databases").check()
    row.get_by_label("S: EXVS1 logs").check()
    row.get_by_label("Storage groups").fill("2")
    choose(row, "Kerberos enabled on the Network Name", "yes")
    row.get_by_label("EXNODE1").check()
    row.get_by_label("EXNODE2").check()
    assert_accessible(page)
    next_step(page)

    # Storage groups: optional; none planned yet.
    assert page.get_by_role("heading", name="Storage groups").is_visible()
    assert_accessible(page)
    next_step(page)

    # Setup: leave the browser here and come back later.
    assert page.get_by_role("heading", name="Setup").is_visible()
    choose(page, "Setup mode", "attended")
    choose(page, "Run setup on several nodes at the same time", "no")
    page.get_by_role("button", name="Save", exact=True).first.click()
    project_url = page.url.split("/steps/")[0]
    context.close()

    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "alice")
    page.get_by_role("link", name="Open Contoso mail cluster").click()
    assert page.url.endswith("/steps/setup")
    assert page.get_by_label("Setup mode").input_value() == "attended"
    assert_accessible(page)
    next_step(page)

    assert page.get_by_role("heading", name="Rule check: no errors, every question answered").is_visible()
    assert_accessible(page)
    assert page.url.startswith(project_url)
    context.close()


def test_rules_pages_are_accessible(page, live_server):
    page.goto(live_server.url + "/rules")
    assert_accessible(page)
    page.get_by_role("link", name="nodes-not-domain-controllers").click()
    assert page.get_by_role("heading", name="nodes-not-domain-controllers").is_visible()
    assert_accessible(page)
