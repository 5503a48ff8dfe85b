"""What a reader sees on a page in the browser, measured: text sizes, colours against
what is behind them (WCAG contrast, computed here), tap targets, sideways scrolling.

`measure(page)` runs one script in the page and returns every visible piece of
text with its size, colours and effective background, every control a finger
taps with its box, and the scroll widths; the checks below turn those into
the problems a reader would notice. Nothing here knows the handbook's classes
except `INLINE_CONTEXTS` (where a link is part of running text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_TEXT_PX = 12
MIN_CONTRAST = 4.5  # WCAG AA for body text; we hold every text to it
MIN_TAP_PX = 40

# A link inside running text (a sentence, a table cell of prose, a quote) is not a tap
# target of its own (WCAG 2.5.8's inline exception); standalone links and controls are.
INLINE_CONTEXTS = "p, li, td, dd, blockquote, figcaption, .hb-hit__text"

_SCRIPT = r"""
(inline) => {
  const W = innerWidth;
  const rgba = (s) => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, bottom) => { const a = top[3] + bottom[3] * (1 - top[3]); if (!a) return [255, 255, 255, 0];
    return [0, 1, 2].map(i => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a).concat([a]); };
  // the colour behind an element: its own and its ancestors' backgrounds, composed over white
  const behind = (el) => { const layers = []; let opacity = 1;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) { const cs = getComputedStyle(e);
      opacity *= Number(cs.opacity); const bg = rgba(cs.backgroundColor);
      if (cs.backgroundImage !== "none" && bg[3] === 0) { return null; }  // a gradient or image: not measured
      if (bg[3] > 0) layers.push(bg); if (bg[3] === 1) break; }
    let colour = [255, 255, 255, 1]; for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
    return { colour, opacity }; };
  const shown = (el) => { const cs = getComputedStyle(el); if (cs.visibility !== "visible" || cs.display === "none") return false;
    const r = el.getBoundingClientRect(); if (r.width < 1 || r.height < 1) return false;
    if (r.right <= 0 || r.left >= W) return false;  // off screen (a closed drawer)
    for (let e = el; e; e = e.parentElement) { const s = getComputedStyle(e);
      if (s.display === "none" || Number(s.opacity) === 0 || e.hidden || e.getAttribute("aria-hidden") === "true") return false;
      if (s.overflow === "hidden" && s.position === "absolute" && (e.clientWidth <= 1 || e.clientHeight <= 1)) return false; }
    return true; };
  const label = (el) => { const id = el.id ? "#" + el.id : ""; const cls = typeof el.className === "string" && el.className
    ? "." + el.className.trim().split(/\s+/).slice(0, 2).join(".") : ""; return el.tagName.toLowerCase() + id + cls; };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement; if (!el || seen.has(el) || !n.textContent.trim()) continue;
    if (el.closest("script, style, noscript, template, svg")) continue;
    seen.add(el); if (!shown(el)) continue;
    const cs = getComputedStyle(el); const bg = behind(el); if (!bg) continue;
    const fg = rgba(cs.color); const text = over([fg[0], fg[1], fg[2], fg[3] * bg.opacity], bg.colour);
    texts.push({ el: label(el), text: n.textContent.trim().slice(0, 40), size: parseFloat(cs.fontSize),
      weight: Number(cs.fontWeight) || 400, fg: text.slice(0, 3), bg: bg.colour.slice(0, 3) });
  }
  for (const input of document.querySelectorAll("input[placeholder]")) {  // the prompt in a search box
    if (!shown(input) || input.value) continue; const bg = behind(input); if (!bg) continue;
    const ph = getComputedStyle(input, "::placeholder"); const fg = rgba(ph.color);
    const opacity = Number(ph.opacity || 1) * bg.opacity;
    texts.push({ el: label(input) + "::placeholder", text: input.placeholder.slice(0, 40), size: parseFloat(ph.fontSize),
      weight: 400, fg: over([fg[0], fg[1], fg[2], fg[3] * opacity], bg.colour).slice(0, 3), bg: bg.colour.slice(0, 3) });
  }
  const taps = [];
  for (const el of document.querySelectorAll("a[href], button, summary, select, input:not([type=hidden]), label[for], textarea")) {
    if (!shown(el)) continue;
    if (el.tagName === "INPUT" && (el.type === "checkbox" || el.type === "radio")) {
      const lab = el.closest("label"); if (lab && shown(lab)) continue;  // the label is the target
    }
    if (el.tagName === "A" && getComputedStyle(el).display === "inline") {
      const context = el.parentElement && el.parentElement.closest(inline);
      if (context && context.textContent.trim().length > el.textContent.trim().length + 1) continue;  // a link in running text
    }
    const r = el.getBoundingClientRect();
    taps.push({ el: label(el), text: (el.textContent || el.getAttribute("aria-label") || el.value || "").trim().slice(0, 30),
      width: r.width, height: r.height });
  }
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const cs = getComputedStyle(el);
    if ((cs.overflowX === "auto" || cs.overflowX === "scroll") && el.scrollWidth > el.clientWidth + 1 && shown(el))
      wide.push({ el: label(el), scroll: el.scrollWidth, client: el.clientWidth });
  }
  return { width: W, scrollWidth: document.scrollingElement.scrollWidth, texts, taps, wide };
}
"""


def luminance(rgb) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg, bg) -> float:
    """The WCAG 2 contrast ratio of two sRGB colours (1 to 21)."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@dataclass
class Reading:
    url: str
    width: int
    scroll_width: int
    texts: list[dict]
    taps: list[dict]
    wide: list[dict]

    def small_text(self) -> list[str]:
        return [f"{t['el']} {t['size']:.1f}px「{t['text']}」" for t in self.texts if t["size"] < MIN_TEXT_PX - 0.05]

    def low_contrast(self) -> list[str]:
        found = []
        for t in self.texts:
            ratio = contrast(t["fg"], t["bg"])
            if ratio < MIN_CONTRAST:
                found.append(f"{t['el']} {ratio:.2f}:1「{t['text']}」")
        return found

    def small_targets(self) -> list[str]:
        return [f"{t['el']} {t['width']:.0f}×{t['height']:.0f}「{t['text']}」" for t in self.taps
                if t["height"] < MIN_TAP_PX - 0.5 or t["width"] < MIN_TAP_PX - 0.5]

    def sideways(self) -> list[str]:
        found = [f"page {self.scroll_width}px > {self.width}px"] if self.scroll_width > self.width else []
        return found + [f"{w['el']} {w['scroll']}px > {w['client']}px" for w in self.wide]

    def ratio_of(self, pattern: str) -> float:
        """The lowest contrast among texts whose element label matches `pattern`."""
        ratios = [contrast(t["fg"], t["bg"]) for t in self.texts if re.search(pattern, t["el"])]
        assert ratios, f"no visible text matches {pattern}"
        return min(ratios)


def measure(page) -> Reading:
    data = page.evaluate(_SCRIPT, INLINE_CONTEXTS)
    return Reading(page.url, data["width"], data["scrollWidth"], data["texts"], data["taps"], data["wide"])


def problems(reading: Reading, phone: bool) -> dict[str, list[str]]:
    """Everything a reader would notice; tap targets matter on a touch screen."""
    found = {"text under 12px": reading.small_text(), "contrast under 4.5:1": reading.low_contrast(),
             "sideways scrolling": reading.sideways()}
    if phone:
        found["tap targets under 40px"] = reading.small_targets()
    return {k: v for k, v in found.items() if v}


SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def page_problems(browser, url: str, size: str, shot) -> dict[str, list[str]]:
    """Opens `url` at a desktop's or a phone's size, keeps a screenshot at `shot`, and returns what
    a reader would notice (`problems`)."""
    phone = size == "phone"
    context = browser.new_context(viewport=SIZES[size], locale="zh-CN", is_mobile=phone, has_touch=phone)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("load")
        page.wait_for_timeout(150)
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
        return problems(measure(page), phone)
    finally:
        context.close()
