"""Make the README's screenshots: docs/report.png and docs/dashboard.png.

Needs Debian's chromium and chromium-driver (``apt-get install chromium chromium-driver``) and
the test dependencies (``pip install ".[test]"``). Run from the repository root:

    python docs/screenshots.py

It runs the default scenario, renders its report in headless chromium, then starts
``pingou app`` on a free local port, moves a slider, runs the dashboard for 120 days and takes a
picture of the page.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

DOCS = Path(__file__).resolve().parent
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars")


def browser(width: int, height: int, profile: str) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in FLAGS + (f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium download anything
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


def report_shot(work: Path) -> None:
    out = work / "out"
    subprocess.run([sys.executable, "-m", "sim", "run", "--out", str(out), "--quiet"], check=True)
    driver = browser(900, 1500, str(work / "profile-report"))
    try:
        driver.get((out / "report.html").resolve().as_uri())
        time.sleep(1)
        driver.save_screenshot(str(DOCS / "report.png"))
    finally:
        driver.quit()


def dashboard_shot(work: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "sim", "app", "--port", str(port),
                               "--no-open"], start_new_session=True, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        driver = browser(1400, 1000, str(work / "profile-app"))
        try:
            driver.get(url)
            for _ in range(120):
                if len(driver.find_elements(By.CSS_SELECTOR, "img[src^='blob:']")) >= 3:
                    break
                time.sleep(0.5)
            sliders = driver.find_elements(By.CSS_SELECTOR, "[role=slider]")
            sliders[1].send_keys(Keys.END)  # render interval: one Step runs many days
            buttons = {b.text.strip().upper(): b
                       for b in driver.find_elements(By.TAG_NAME, "button")}
            buttons["STEP"].click()
            for _ in range(240):
                if "Day " in driver.page_source and "Day 0," not in driver.page_source:
                    break
                time.sleep(0.5)
            time.sleep(3)
            driver.save_screenshot(str(DOCS / "dashboard.png"))
        finally:
            driver.quit()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        report_shot(Path(tmp))
        if "--report-only" not in sys.argv:
            dashboard_shot(Path(tmp))
