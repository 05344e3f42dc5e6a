"""The HTML report in a real browser (headless Chromium): every figure decodes and renders,
and the page fits a phone screen without sideways scrolling. Skipped without Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from agent.demo import DEMO_QUESTION, demo_data

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER = next((b for b in BROWSERS if shutil.which(b)), None)
pytestmark = [pytest.mark.chromium,
              pytest.mark.skipif(BROWSER is None, reason="Chromium is not installed (Debian: apt-get install -y "
                                                         "chromium); the browser check of the HTML report is skipped")]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         "--disable-dev-shm-usage"]
CHECK = """<script>
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var out = {images: imgs.map(function (i) {
      return {data: i.src.indexOf('data:image/png;base64,') === 0, w: i.naturalWidth, h: i.naturalHeight,
              shown: Math.round(i.getBoundingClientRect().width)}; }),
    overflow: document.documentElement.scrollWidth - window.innerWidth, width: window.innerWidth};
  var pre = document.createElement('pre'); pre.id = 'report-check'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def _browser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    return subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True,
                          timeout=90)


@pytest.fixture(scope="module")
def report():
    from agent import CausalAgent
    from memory.store import InMemoryGraphStore

    return CausalAgent(store=InMemoryGraphStore()).analyze(demo_data(n=600), DEMO_QUESTION).report


def test_every_figure_renders_and_the_page_fits_a_phone(report, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(report.to_html().replace("</body>", CHECK + "</body>"), encoding="utf-8")
    run = _browser(tmp_path, "--window-size=390,844", "--virtual-time-budget=10000", "--dump-dom", page.as_uri())
    match = re.search(r'<pre id="report-check">(.*?)</pre>', run.stdout, re.S)
    assert match, f"no check result in the DOM; stderr: {run.stderr[-800:]}"
    check = json.loads(match.group(1).replace("&quot;", '"'))
    images = check["images"]
    assert len(images) == len(report.figures) >= 2
    for image in images:
        assert image["data"] and image["w"] > 0 and image["h"] > 0 and image["shown"] > 0, image
    assert check["overflow"] <= 0, f"the page scrolls sideways on a {check['width']}px screen"


def test_screenshot_is_not_blank(report, tmp_path):
    from PIL import Image

    page = tmp_path / "report.html"
    report.to_html(page)
    shot = tmp_path / "report.png"
    run = _browser(tmp_path, "--window-size=900,2400", f"--screenshot={shot}", page.as_uri())
    assert shot.exists(), run.stderr[-800:]
    image = Image.open(shot).convert("L")
    histogram = image.histogram()
    non_white = sum(histogram[:230]) / (image.width * image.height)
    assert non_white > 0.02, "the screenshot is (nearly) blank"
