"""An older 平潭 portal page puts the report straight into ``div.article_content`` (no ``TRS_Editor`` inside):
the reader takes that container, not the whole page with its navigation, and reads the report as the newer page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.importers import import_file
from core.importers.dispatch import read_document

PAGE = Path(__file__).resolve().parents[2] / "fixtures" / "import" / "pingtan_2024_page.html"
# The portal frame of the stored 平潭 pages (zfxxgknb/202001/80576 and 202503/97791), shortened: site header and
# navigation, breadcrumb, the article's title and 来源/时间 line, the 相关链接 tab, the content area, the footer.
NAVIGATION = ("网站支持IPV6", "闽政通APP", "政府信息公开年报", "当前位置", "来源：平潭县人民政府", "相关链接",
              "文件下载", "主办单位", "网站标识码")
FRAME = """<body><div class="warp info_public_bg">
<div class="header menu_hov"><div class="row"><div class="header_line clearflx">
<div class="header_link_01"><a href="https://www.gov.cn/" title="国务院">国务院</a><a href="#">省政府</a></div>
<div class="header_link_02"><a href="javascript:;">移动版</a><div class="mzt_ewm"><p>闽政通APP</p></div></div>
<span>网站支持IPV6</span></div>
<div class="menu_base menu_right menu_hd"><ul class="clearflx" role="navigation" des="站点主目录">
<li><a href="/">首页</a></li><li class="parentNode"><a href="/zwgk/">政务公开</a></li>
<li class="parentNode"><a href="/jdhy/">解读回应</a></li><li class="parentNode"><a href="/bsfw/">办事服务</a></li>
</ul></div></div>
<div class="submenu menu_bd"><div class="row"><div><a href="/zwgk/zfxxgk/" title="政府信息公开">政府信息公开</a>
<a href="/zwgk/zfgzbg/" title="政府工作报告">政府工作报告</a><a href="/zwgk/tjxx/">统计信息</a></div></div></div></div>
<div class="main"><div class="content"><div class="row content_bg_02" role="viewlist" des="正文">
<div class="breadcrumb"><span>当前位置：</span><ul><li><a href="../../../../">首页</a></li>
<li><a href="../../../">政务公开</a></li><li><a href="../">政府信息公开年报</a></li></ul></div>
<div class="article_component"><div class="article_title_group"><div class="article_title text_align_center">
平潭综合实验区2024年度政府信息公开工作年度报告</div></div>
<div class="article_extend"><span class="article_source">来源：平潭县人民政府</span>
<span class="article_time bf-pass">时间：2025-03-10 15:35</span></div>
<div class="tabs tab_base_01"><div class="tabs_hd"><ul><li><a href="javascript:;">全真版</a></li>
<li><a href="javascript:;">文字版</a></li></ul><a class="download">文件下载</a></div>
<div class="links_con mar_b_base"><span>相关链接：</span></div>
<div class="tabs_content tabs_bd"><div class="word_con"><div class="article_area">
<div class="article_content article_content_01 font_family_cn">CONTENT</div>
</div></div></div></div></div></div></div></div>
<div class="footer"><p>主办单位：平潭综合实验区党工委管委会办公室</p><p>网站标识码：3590000001</p></div>
</div></body>"""


@pytest.fixture
def older_page(tmp_path: Path) -> Path:
    """The stored 2024 page's report, its paragraphs and tables straight in ``div.article_content``, in the frame."""
    page = PAGE.read_text(encoding="utf-8")
    inner = re.search(r"<div class=TRS_Editor>(.*)</div>\s*</div>\s*</body>", page, re.S)
    assert inner is not None
    head = page[: page.index("<body>")]
    path = tmp_path / "older.html"
    path.write_text(head + FRAME.replace("CONTENT", inner.group(1)) + "</html>", encoding="utf-8")
    return path


def test_an_older_page_reads_its_article_content_only(older_page: Path) -> None:
    paragraphs = read_document(older_page, older_page.read_bytes(), "html").paragraphs()
    assert paragraphs[0].startswith("本报告根据《中华人民共和国政府信息公开条例》")
    assert not any(word in text for text in paragraphs for word in NAVIGATION)
    older, newer = import_file(older_page).report, import_file(PAGE).report
    assert (older.agency, older.year, older.edition) == (newer.agency, newer.year, newer.edition)
    assert older.cells == newer.cells and older.texts == newer.texts
    assert not any(word in text for text in older.texts.values() for word in NAVIGATION)
