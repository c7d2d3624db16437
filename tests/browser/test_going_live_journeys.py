"""Going live, end to end in Chromium against gunicorn:
1. an administrator downloads the template, fills 30 rows (5 bad ones of different kinds), uploads, reads the five
   rejections in the preview, confirms; the 25 listings are on the public finder at their place; the same file again
   changes nothing; a corrected row updates;
2. an invited manager signs up with the second factor, edits and confirms the listing; the public page shows the
   verification date; the administrator's dashboard counts move."""

import email
import io
import re
import tempfile
from pathlib import Path

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from directory.spreadsheet import COLUMNS
from tests.fixtures.browser import manage
from tests.fixtures.sheets import sheet_csv, sheet_row

BAD = {
    0: {"postal_code": "K1A 0B1"},  # Ottawa: not in Québec
    1: {"postal_code": "G0A 9Z9"},  # well formed, not in the postal-code table
    2: {"phone": "555-12"},
    3: {"hours": "le matin seulement"},
    4: {"clienteles": "martiens"},
}
SUMMARY = ".sheet-summary"
CONFIRM = "form[action$='/confirm/'] input[type=submit]"


def _rows(start: int, count: int, prefix: str) -> list[dict[str, str]]:
    return [
        sheet_row(n, org_key=f"{prefix}-{n}", org_name=f"{prefix.upper()} Centre {n}")
        for n in range(start, start + count)
    ]


def _fill(template: bytes, rows: list[dict[str, str]]) -> Path:
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append([row.get(column.key, "") for column in COLUMNS])
    path = Path(tempfile.mkdtemp(prefix="ttx-sheet-")) / "membres.xlsx"
    book.save(path)
    return path


def _upload(journey, path: Path) -> dict[str, int]:
    journey.goto("/fr/admin/directory/sheetupload/")
    journey.page.set_input_files("input[type=file]", str(path))
    journey.page.locator("main form input[type=submit], #content form input[type=submit]").first.click()
    summary = journey.page.locator(SUMMARY)
    expect(summary).to_be_visible()
    return {
        key: int(summary.get_attribute(f"data-{key}"))
        for key in ("total", "created", "updated", "unchanged", "rejected")
    }


def test_an_administrator_imports_the_network_sheet(journey_factory, staff_login, site_url):
    admin = journey_factory(viewport="desktop", suffix="-admin")
    page = admin.page
    staff_login(admin, "admin@example.org")
    admin.goto("/fr/admin/directory/sheetupload/")
    admin.shot("upload-page")
    with page.expect_download() as download:
        page.locator("a[href$='template.xlsx']").first.click()
    template = Path(download.value.path()).read_bytes()
    assert load_workbook(io.BytesIO(template)).sheetnames[1]  # the explanation sheet

    rows = _rows(100, 30, "jr")
    for index, override in BAD.items():
        rows[index * 6].update(override)
    path = _fill(template, rows)
    counts = _upload(admin, path)
    assert counts == {"total": 30, "created": 25, "updated": 0, "unchanged": 0, "rejected": 5}
    rejected = page.locator(".sheet-rejected tbody tr")
    expect(rejected).to_have_count(5)
    for index, words in zip(BAD, ["code_postal", "code_postal", "telephone", "heures", "clienteles"], strict=True):
        row_number = index * 6 + 3  # headings on row 1, the template's example on row 2
        expect(rejected.filter(has=page.locator(f"th:text-is('{row_number}')"))).to_contain_text(words)
    admin.shot("preview")
    page.locator(CONFIRM).click()
    expect(page.locator(".messagelist, .success").first).to_be_visible()

    visitor = journey_factory(viewport="phone", suffix="-visitor")
    good = [row for i, row in enumerate(rows) if i % 6 or i // 6 not in BAD]
    assert len(good) == 25
    for row in good:
        visitor.goto("/fr/search/?" + f"where={row['postal_code'].replace(' ', '+')}")
        first = visitor.page.locator("ol.results > li, .results li").first
        expect(first).to_contain_text(row["org_name"])  # at its postal code: nearest of all
    visitor.shot("placed-in-finder")

    assert _upload(admin, path) == {"total": 30, "created": 0, "updated": 0, "unchanged": 25, "rejected": 5}
    expect(page.locator(CONFIRM)).to_have_count(0)

    rows[1]["phone"] = "418 555-0199"
    corrected = _upload(admin, _fill(template, rows))
    assert corrected == {"total": 30, "created": 0, "updated": 1, "unchanged": 24, "rejected": 5}
    page.locator(CONFIRM).click()
    visitor.goto(f"/fr/org/{rows[1]['org_key']}/")
    expect(visitor.page.locator("main")).to_contain_text("418 555-0199")


def _invitation_link(e2e_env, address: str, site_url: str) -> str:
    for path in sorted(Path(e2e_env["MAIL_DIR"]).glob("*"), key=lambda p: p.stat().st_mtime, reverse=True):
        for part in path.read_text(encoding="utf-8", errors="replace").split(
            "\n-------------------------------------------------------------------------------\n"
        ):
            message = email.message_from_string(part)
            if address in (message.get("To") or ""):
                body = message.get_payload(decode=True)
                text = body.decode("utf-8") if body else part
                found = re.search(r"https?://[^\s]+/accounts/invitation/[^\s]+/", text)
                if found:
                    return site_url + "/" + found.group(0).split("/", 3)[3]
    raise AssertionError(f"no invitation for {address}")


def _dashboard(journey) -> dict[str, int]:
    journey.goto("/fr/admin/referrals/listingclaim/")
    cells = journey.page.locator("tfoot td[data-count]")
    return {cell.get_attribute("data-count"): int(cell.inner_text()) for cell in cells.all()}


def test_an_invited_manager_claims_edits_and_confirms_the_listing(journey_factory, staff_login, e2e_env, site_url):
    from accounts.twofactor import code_for_secret

    rows = _rows(200, 2, "jc")
    sheet = Path(tempfile.mkdtemp(prefix="ttx-sheet-")) / "membres.csv"
    sheet.write_bytes(sheet_csv(rows))
    manage(e2e_env, "import_sheet", str(sheet))

    admin = journey_factory(viewport="desktop", suffix="-admin")
    staff_login(admin, "admin@example.org")
    before = _dashboard(admin)
    admin.page.locator("form[action$='/invite/'] input[type=submit]").click()
    expect(admin.page.locator(".messagelist, .success").first).to_be_visible()
    invited = _dashboard(admin)
    assert invited["invited"] >= before["invited"] + 2
    admin.shot("dashboard-invited")

    manager = journey_factory(viewport="phone", suffix="-manager")
    page = manager.page
    page.goto(_invitation_link(e2e_env, rows[0]["email"], site_url))
    password = "Un-mot-de-passe-tres-long-2026"
    page.fill("input[name=new_password1]", password)
    page.fill("input[name=new_password2]", password)
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.fill("input[name=username]", rows[0]["email"])
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").first.click()
    secret = page.locator(".otp-secret").inner_text().replace(" ", "")
    manager.shot("two-factor-setup")
    page.fill("input[name=token]", code_for_secret(secret))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()

    manager.goto("/fr/portal/listing/")
    expect(page.locator("main h2").first).to_have_text(rows[0]["org_name"])
    page.locator("main a[href*='/listing/organizations/']").first.click()
    page.fill("textarea[name=description_fr]", "Accueil sans rendez-vous le mardi.")
    page.locator("main form button[type=submit], main form input[type=submit]").last.click()
    expect(page.locator(".message-success, [role=status]").first).to_be_visible()
    page.locator("button[id^=confirm-listing-]").click()
    expect(page.locator(".message-success, [role=status]").first).to_be_visible()
    manager.shot("confirmed")

    visitor = journey_factory(viewport="phone", suffix="-visitor")
    visitor.goto(f"/fr/org/{rows[0]['org_key']}/")
    expect(visitor.page.locator("main")).to_contain_text("Accueil sans rendez-vous le mardi.")
    visitor.page.locator("main a[href*='/point/']").first.click()
    today = timezone.localdate()
    expect(visitor.page.locator(".verified")).to_contain_text(str(today.year))
    expect(visitor.page.locator(".verified")).to_contain_text(rows[0]["org_name"])
    visitor.assert_accessible()
    visitor.shot("verified-by-the-centre")

    after = _dashboard(admin)
    assert after["claimed"] == invited["claimed"] + 1
    assert after["confirmed"] == invited["confirmed"] + 1
