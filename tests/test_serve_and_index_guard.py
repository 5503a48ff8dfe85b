"""The local web server, and the guards that keep the site's search box on every page."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request

import pytest

from generator.errors import UsageError
from generator.render.site import SiteBuildFailed, check_search_box
from generator.serve import make_server


def test_serve_is_read_only_and_local(tmp_path):
    (tmp_path / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    server = make_server(tmp_path, 0)
    assert server.server_address[0] == "127.0.0.1"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    try:
        assert "首页" in urllib.request.urlopen(base).read().decode("utf-8")
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(urllib.request.Request(base, data=b"x", method="POST"))
        assert err.value.code == 405
    finally:
        server.shutdown()
        server.server_close()


def test_serve_without_a_site_says_what_to_do(tmp_path):
    with pytest.raises(UsageError, match="请先运行 handbook build"):
        make_server(tmp_path, 0)


def test_site_without_its_search_box_fails_the_build(tmp_path):
    (tmp_path / "index.html").write_text("<html><body><p>首页</p></body></html>", encoding="utf-8")
    with pytest.raises(SiteBuildFailed, match="网站检索不完整.*handbook-search.js"):
        check_search_box(tmp_path)


def test_an_old_search_plugin_is_switched_off(minimal_project):
    from conftest import REPO
    from generator import pipeline

    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "plugins: []" in config
    (minimal_project / "mkdocs.yml").write_text(config.replace("plugins: []", "plugins:\n  - search:\n      lang: zh"), encoding="utf-8")
    pipeline.build(minimal_project, minimal_project / "site")
    home = (minimal_project / "site" / "index.html").read_text(encoding="utf-8")
    assert "handbook-search.js" in home and "md-search" not in home
