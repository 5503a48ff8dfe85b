"""The local web server and the guard against an unsegmented search index."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

import pytest

from generator.errors import UsageError
from generator.project import Project
from generator.render.site import SiteBuildFailed, check_search_index, patch_search_worker
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


def test_unsegmented_index_fails_the_build(tmp_path):
    (tmp_path / "search").mkdir()
    docs = [{"location": "a.html", "title": "第24条", "text": "在农村全面落实四议两公开等工作制度"}]
    (tmp_path / "search" / "search_index.json").write_text(json.dumps({"docs": docs}), encoding="utf-8")
    with pytest.raises(SiteBuildFailed, match="没有按中文词语切分"):
        check_search_index(tmp_path, Project(root=tmp_path))


def test_unknown_search_worker_fails_loudly(tmp_path):
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    (workers / "search.0000.min.js").write_text("something else entirely", encoding="utf-8")
    with pytest.raises(SiteBuildFailed, match="SEARCH_WORKER_BUG"):
        patch_search_worker(tmp_path)
