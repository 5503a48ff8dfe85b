"""A small read-only web server for the built site, bound to 127.0.0.1."""

from __future__ import annotations

import functools
import json
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from generator.errors import UsageError
from generator.output import INDEX_DIR, Audience, output_audience

HOST = "127.0.0.1"
KINDS = ("article", "term", "template", "training", "unit")


class SearchAPI:
    """`/api/search`: the same JSON as `handbook search --json`, read-only and bounded.

    A rebuild swaps the whole output folder, index included; the index is
    reopened when the folder holding it is no longer the one that was opened
    (so a unit removed for privacy reasons disappears at once).
    """

    def __init__(self, index_dir: Path | None) -> None:
        self.index_dir = index_dir
        self.lock = threading.Lock()
        self.searcher = None
        self.opened: tuple[int, int] | None = None

    def answer(self, query_string: str) -> tuple[int, object]:
        from generator.search.engine import MAX_LIMIT, MAX_QUERY_CHARS

        params = {k: v[0] for k, v in parse_qs(query_string, keep_blank_values=True).items()}
        text = params.get("q", "").strip()
        if not text:
            return 400, {"error": "请输入要查找的内容（参数 q）"}
        if len(text) > MAX_QUERY_CHARS:
            return 400, {"error": f"查询过长：最多 {MAX_QUERY_CHARS} 个字"}
        kind = params.get("kind") or None
        if kind is not None and kind not in KINDS:
            return 400, {"error": f"kind 只能是 {'、'.join(KINDS)}"}
        try:
            limit = int(params.get("limit") or 10)
        except ValueError:
            return 400, {"error": "limit 应为整数"}
        if not 1 <= limit <= MAX_LIMIT:
            return 400, {"error": f"limit 应在 1 到 {MAX_LIMIT} 之间"}
        searcher = self._open()
        if searcher is None:
            return 503, {"error": "检索服务未就绪：请先运行 handbook build 生成检索索引"}
        doc = params.get("doc") or None
        if doc is not None and doc not in searcher.documents:
            return 400, {"error": f"没有编号为「{doc[:40]}」的文件（参数 doc）"}
        with self.lock:
            hits = searcher.search(text, kind=kind, unit_type=params.get("type") or None,
                                   section=params.get("section") or None, limit=limit, doc=doc)
        return 200, [h.to_json() for h in hits]

    def _open(self):
        from generator.search.engine import SearchUnavailable, Searcher

        with self.lock:
            if self.index_dir is None:
                return None
            current = _identity(self.index_dir)
            if self.searcher is not None and current != self.opened:
                self.searcher.close()
                self.searcher = None
            if self.searcher is None:
                try:
                    self.searcher = Searcher(self.index_dir)
                except SearchUnavailable:
                    return None
                self.opened = current
            return self.searcher


def _identity(folder: Path) -> tuple[int, int] | None:
    """Which folder (and which version of its table of contents) is there now."""
    try:
        info = folder.stat()
        tocs = [p.stat().st_mtime_ns for p in folder.glob("*.toc")]
    except OSError:
        return None
    return info.st_ino, max(tocs, default=0)


class SiteHandler(SimpleHTTPRequestHandler):
    api: SearchAPI | None = None
    forms: "FormsOnRequest | None" = None
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".ics": "text/calendar; charset=utf-8", ".txt": "text/plain; charset=utf-8"}

    def log_message(self, format: str, *args) -> None:  # quieter, in the server's own words
        sys.stderr.write(f"{self.log_date_time_string()} {self.address_string()} {format % args}\n")

    def do_PUT(self) -> None:
        self.send_response(405)
        self.send_header("Allow", "GET, HEAD")
        self._send_body("text/plain; charset=utf-8", "手册网站是只读的。".encode("utf-8"))

    do_POST = do_DELETE = do_PATCH = do_PUT

    def do_HEAD(self) -> None:
        self.do_GET()

    def end_headers(self) -> None:
        # a file is only what its type says (no text file read as a script), and no page frames ours
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "SAMEORIGIN")
        super().end_headers()

    def _host_allowed(self) -> bool:
        """Only this machine's own names: a web page whose name was re-pointed at
        127.0.0.1 (DNS rebinding) must not read the site, an internal one least of all."""
        host = (self.headers.get("Host") or "").strip().lower()
        name = host[1:].split("]")[0] if host.startswith("[") else host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        return name in ("127.0.0.1", "localhost", "::1", "")

    def do_GET(self) -> None:
        if not self._host_allowed():
            self.send_response(421)
            self._send_body("text/plain; charset=utf-8", "只接受来自本机（127.0.0.1）的访问。".encode("utf-8"))
            return
        parts = urlsplit(self.path)
        if "\x00" in unquote(parts.path) or any(seg.startswith(".") and seg not in (".", "..") for seg in unquote(parts.path).split("/")):
            self.send_error(404)  # NUL bytes, the search index and other hidden files are not pages
            return
        if parts.path.rstrip("/") == "/api/ping":  # pages ask whether they come from this service (served.js)
            self.send_response(200)
            self.send_header("Cache-Control", "no-store")
            self._send_body("application/json; charset=utf-8", b'{"ok":true}')
            return
        if self.forms is not None and not Path(self.translate_path(parts.path)).exists() and self._send_form(parts.path):
            return
        if parts.path.rstrip("/") == "/api/search":
            status, payload = self.api.answer(parts.query) if self.api else (503, {"error": "检索服务未启用"})
            self.send_response(status)
            self.send_header("Cache-Control", "no-store")
            self._send_body("application/json; charset=utf-8", json.dumps(payload, ensure_ascii=False).encode("utf-8"))
            return
        if self.command == "HEAD":
            super().do_HEAD()
        else:
            super().do_GET()

    def _send_form(self, path: str) -> bool:
        """A unit's filled form, or a county's zip of them, made now (generator.forms_service)."""
        from urllib.parse import quote

        from generator.errors import HandbookError

        try:
            found = self.forms.answer(path)
        except HandbookError as exc:
            self.send_response(503)
            self._send_body("text/plain; charset=utf-8", f"暂时无法生成表格：{exc}".encode("utf-8"))
            return True
        if found is None:
            return False
        name, body = found
        kind = "application/zip" if name.endswith(".zip") else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        self.send_response(200)
        self.send_header("Content-Disposition", f"attachment; filename*=UTF-8''{quote(name)}")
        self.send_header("Cache-Control", "no-store")
        self._send_body(kind, body)
        return True

    def list_directory(self, path):  # no folder listings: only the pages themselves
        self.send_error(404)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            self.send_response(404)
            self._send_body("text/html; charset=utf-8", page.read_bytes())
            return
        super().send_error(code, message, explain)

    def _send_body(self, content_type: str, body: bytes) -> None:
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(site_dir: Path, port: int, index_dir: Path | None = None, root: Path | None = None) -> ThreadingHTTPServer:
    """Serve `site_dir`; its search index is the one inside it unless another is given.
    With the project's `root`, filled forms are made on request (generator.forms_service)."""
    from generator.forms_service import FormsOnRequest

    if not (site_dir / "index.html").exists():
        raise UsageError(f"{site_dir} 中没有网站：请先运行 handbook build")
    handler_class = type("Handler", (SiteHandler,), {"api": SearchAPI(index_dir or site_dir / INDEX_DIR),
                                                    "forms": FormsOnRequest(site_dir, root) if root else None})
    handler = functools.partial(handler_class, directory=str(site_dir))
    try:
        return ThreadingHTTPServer((HOST, port), handler)
    except PermissionError:
        raise UsageError(f"没有权限使用端口 {port}（1024 以下的端口需要管理员权限），请用 --port 换一个") from None
    except OSError:
        raise UsageError(f"无法在 {HOST}:{port} 上启动服务：端口可能已被占用，请用 --port 换一个") from None


def serve(site_dir: Path, port: int, index_dir: Path | None = None, root: Path | None = None, watch: bool = False) -> None:
    """Serve until Ctrl+C; with `watch`, the output is rebuilt here (the main thread,
    where builds run) while the server answers from a thread of its own."""
    server = make_server(site_dir, port, index_dir, root)
    if output_audience(site_dir) is Audience.INTERNAL:
        print("注意：这是内部版本（含个人信息），只在本机 127.0.0.1 上提供，请勿转发或公开。", file=sys.stderr)
    print(f"手册网站已启动：http://{HOST}:{server.server_port}/ （检索接口 /api/search；按 Ctrl+C 停止）", file=sys.stderr, flush=True)
    try:
        if watch and root is not None:
            from generator.watch import watch as watch_inputs

            threading.Thread(target=server.serve_forever, daemon=True).start()
            watch_inputs(root, site_dir)
        else:
            server.serve_forever()
    except KeyboardInterrupt:
        print("已停止。", file=sys.stderr)
    finally:
        server.server_close()
