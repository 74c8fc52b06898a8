"""Generate synthetic annual reports (our own text) in txt, docx, html and pdf for the tests."""
from __future__ import annotations

from pathlib import Path

AGENCY = "青石县审计局"

T2 = [
    ["第二十条第（一）项", "", "", ""],
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "0", "0", "0"],
    ["行政规范性文件", "2", "1", "9"],
    ["第二十条第（五）项", "", "", ""],
    ["信息内容", "本年处理决定数量", "", ""],
    ["行政许可", "0", "", ""],
    ["第二十条第（六）项", "", "", ""],
    ["信息内容", "本年处理决定数量", "", ""],
    ["行政处罚", "3", "", ""],
    ["行政强制", "0", "", ""],
    ["第二十条第（八）项", "", "", ""],
    ["信息内容", "本年收费金额（单位：万元）", "", ""],
    ["行政事业性收费", "0", "", ""],
]
T3_LABELS = [
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开 1.属于国家秘密",
    "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息",
    "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项", "（四）无法提供 1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确", "（五）不予处理 1.信访举报投诉类申请", "2.重复申请",
    "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他", "（七）总计",
    "四、结转下年度继续办理",
]
T3_VALUES = {0: [4, 1, 0, 0, 0, 0, 5], 2: [3, 1, 0, 0, 0, 0, 4], 12: [1, 0, 0, 0, 0, 0, 1],
             23: [4, 1, 0, 0, 0, 0, 5]}


def t3_rows() -> list[list[str]]:
    rows = [["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]]
    for i, label in enumerate(T3_LABELS):
        vals = T3_VALUES.get(i, [0] * 7)
        rows.append([label] + [str(v) for v in vals])
    return rows


T4 = [["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9,
      ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] + ["未经复议直接起诉"] + [""] * 4 + ["复议后起诉"] + [""] * 4,
      [""] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
      ["0"] * 15]


def paragraphs(year: int = 2023, agency: str = AGENCY, extra: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Section id → narrative paragraphs (tables are added by each writer)."""
    extra = extra or {}
    p = {
        "title": [f"{agency}{year}年政府信息公开工作年度报告"],
        "pre": [f"本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》要求编制。"
                f"报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"],
        "一": ["一、总体情况",
               f"{year}年，我局坚持把政府信息公开作为提升审计工作透明度的重要抓手，全年通过县政府门户网站主动公开审计结果公告12篇，"
               "在“青石审计”微信公众号发布信息86条，组织政务公开专题培训3次，参训人员45人次，依法办理政府信息公开申请5件。"],
        "二": ["二、主动公开政府信息情况"],
        "三": ["三、收到和处理政府信息公开申请情况"],
        "四": ["四、政府信息公开行政复议、行政诉讼情况"],
        "五": ["五、存在的主要问题及改进情况",
               "一是审计结果公告的政策解读不够通俗，图解、视频等形式较少。二是基层审计站点信息报送不够及时。",
               f"下一步，我局将每季度制作1期图解解读，{year + 1}年6月底前建立信息报送月通报制度。"],
        "六": ["六、其他需要报告的事项", f"{year}年，本机关未收取政府信息公开信息处理费。"],
    }
    for k, v in extra.items():
        p[k] = p.get(k, []) + v
    return p


ORDER = ("title", "pre", "一", "二", "三", "四", "五", "六")
TABLES = {"二": T2, "三": None, "四": T4}


def _table(sid: str) -> list[list[str]] | None:
    if sid == "三":
        return t3_rows()
    return TABLES.get(sid)


def plain_text(year: int = 2023, agency: str = AGENCY, extra: dict[str, list[str]] | None = None) -> str:
    p = paragraphs(year, agency, extra)
    lines: list[str] = []
    for k in ORDER:
        lines.extend(p[k])
        t = _table(k)
        if t:
            lines.extend(" ".join(c for c in row if c) for row in t)
    return "\n".join(lines) + "\n"


def write_txt(path: Path, encoding: str = "utf-8", **kw: object) -> Path:
    path.write_bytes(plain_text(**kw).encode(encoding))  # type: ignore[arg-type]
    return path


def write_docx(path: Path, **kw: object) -> Path:
    import docx

    d = docx.Document()
    p = paragraphs(**kw)  # type: ignore[arg-type]
    for k in ORDER:
        for i, para in enumerate(p[k]):
            if k == "title":
                d.add_heading(para, level=1)
            else:
                d.add_paragraph(para)
        t = _table(k)
        if t:
            table = d.add_table(rows=len(t), cols=len(t[0]))
            for r, row in enumerate(t):
                for c, val in enumerate(row):
                    table.cell(r, c).text = val
    d.save(str(path))
    return path


def write_html(path: Path, encoding: str = "gbk", **kw: object) -> Path:
    from html import escape

    p = paragraphs(**kw)  # type: ignore[arg-type]
    out = [f"<!DOCTYPE html><html><head><meta charset='{encoding}'><title>{escape(p['title'][0])}</title></head><body>",
           "<div class='nav'>首页 &gt; 政府信息公开 &gt; 年度报告 &gt; 网站导航 政务服务 互动交流 关于我们 联系我们</div>",
           "<div class='main'><div class='article'>", f"<h1>{escape(p['title'][0])}</h1>"]
    for k in ORDER[1:]:
        for i, para in enumerate(p[k]):
            tag = "<p><strong>{}</strong></p>" if (k != "pre" and i == 0) else "<p>{}</p>"
            out.append(tag.format(escape(para)))
        t = _table(k)
        if t:
            out.append("<table border='1'>")
            for row in t:
                out.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>")
            out.append("</table>")
    out.append("</div><div class='share'>分享到：微信 微博 QQ空间</div></div>")
    out.append("<div class='footer'>主办单位：青石县人民政府办公室 版权所有 网站标识码 备案号 技术支持 联系电话</div></body></html>")
    path.write_bytes("\n".join(out).encode(encoding))
    return path


def write_pdf(path: Path, **kw: object) -> Path:
    """A PDF in the style of a real one: wrapped lines, page numbers "- N -", spaces around digits."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    p = paragraphs(**kw)  # type: ignore[arg-type]
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    y = height - 72
    page = 1
    per_line = 30

    def newline() -> None:
        nonlocal y, page
        y -= 20
        if y < 72:
            c.setFont("STSong-Light", 10)
            c.drawCentredString(width / 2, 40, f"- {page} -")
            c.showPage()
            page += 1
            y = height - 72

    for k in ORDER:
        for para in p[k]:
            para = para.replace("年，", " 年，").replace(f"{kw.get('year', 2023)}年", f"{kw.get('year', 2023)} 年")
            for i in range(0, len(para), per_line):
                c.setFont("STSong-Light", 12)
                c.drawString(72, y, para[i:i + per_line])
                newline()
        t = _table(k)
        if t:
            for row in t:
                c.setFont("STSong-Light", 8)
                c.drawString(72, y, " ".join(x for x in row if x))
                newline()
    c.setFont("STSong-Light", 10)
    c.drawCentredString(width / 2, 40, f"- {page} -")
    c.save()
    return path


def write_pdf_varied(path: Path) -> Path:
    """A PDF that exercises the pypdfium2 fast path's edges, one case per page:
    mixed sizes and fonts on one line, letter spacing, word spacing, standard-14
    fonts, a ruled table (a pdfplumber page), a rotated watermark (a pdfplumber
    page), a horizontal rule under a heading (not a table), text raised from its
    baseline, and a page with no text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    # page 1: heading, mixed sizes on one baseline, Latin fonts, spacing
    c.setFont("STSong-Light", 18)
    c.drawCentredString(width / 2, height - 80, f"{AGENCY}2023年政府信息公开工作年度报告")
    c.line(72, height - 90, width - 72, height - 90)
    y = height - 130
    t = c.beginText(72, y)
    t.setFont("STSong-Light", 12)
    t.textOut("本机关共收到政府信息公开申请")
    t.setFont("Helvetica", 12)
    t.textOut(" 37 ")
    t.setFont("STSong-Light", 9)
    t.textOut("件（注）")
    t.setFont("STSong-Light", 14)
    t.textLine("，办结率100%。")
    c.drawText(t)
    c.setFont("Times-Roman", 11)
    c.drawString(72, y - 24, "Regulations on Open Government Information, art. 50 (2019 revision)")
    t = c.beginText(72, y - 48)
    t.setFont("STSong-Light", 12)
    t.setCharSpace(2.5)
    t.textLine("主动公开规章和规范性文件")
    t.setCharSpace(0)
    t.setWordSpace(6)
    t.setFont("Helvetica", 10)
    t.textLine("word spacing test with several words")
    c.drawText(t)
    t = c.beginText(72, y - 96)
    t.setFont("STSong-Light", 12)
    t.textOut("平方米")
    t.setRise(4)
    t.setFont("STSong-Light", 7)
    t.textOut("2")
    t.setRise(0)
    t.setFont("STSong-Light", 12)
    t.textLine("的办公场所，")
    c.drawText(t)
    for k, line in enumerate(paragraphs()["一"][:2]):
        for i in range(0, len(line), 32):
            c.setFont("STSong-Light", 12)
            c.drawString(72, y - 140 - 20 * (k * 4 + i // 32), line[i:i + 32])
    c.setFont("STSong-Light", 10)
    c.drawCentredString(width / 2, 40, "- 1 -")
    c.showPage()
    # page 2: a ruled table (pdfplumber reads it)
    c.setFont("STSong-Light", 12)
    c.drawString(72, height - 80, "二、主动公开政府信息情况")
    rows = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "2", "0", "15"], ["行政规范性文件", "8", "1", "40"]]
    x0, top, cw, rh = 72, height - 100, 110, 22
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            c.setFont("STSong-Light", 9)
            c.drawString(x0 + k * cw + 4, top - r * rh - 15, cell)
    for r in range(len(rows) + 1):
        c.line(x0, top - r * rh, x0 + cw * 4, top - r * rh)
    for k in range(5):
        c.line(x0 + k * cw, top, x0 + k * cw, top - rh * len(rows))
    c.setFont("STSong-Light", 12)
    c.drawString(72, top - rh * len(rows) - 30, "表格之后的一段文字，说明本年制发情况。")
    c.showPage()
    # page 3: a rotated watermark (pdfplumber reads it)
    c.setFont("STSong-Light", 12)
    c.drawString(72, height - 80, "三、收到和处理政府信息公开申请情况")
    c.saveState()
    c.translate(300, 400)
    c.rotate(45)
    c.setFont("STSong-Light", 40)
    c.drawString(0, 0, "征求意见稿")
    c.restoreState()
    c.showPage()
    # page 4: no text at all
    c.rect(100, 100, 50, 1, fill=1)
    c.showPage()
    c.save()
    return path


def write_pdf_without_fontbbox(path: Path) -> Path:
    """A hand-built PDF whose font descriptor has no FontBBox (as browser-printed PDFs have), on which
    pdfminer logs a warning per character."""
    content = ("BT /F1 12 Tf 72 720 Td (Open government information annual report 2023) Tj "
               "0 -20 Td (Section one: overview of the work) Tj ET").encode("ascii")
    widths = " ".join(["500"] * 95)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        ("<< /Type /Font /Subtype /TrueType /BaseFont /NoBBoxSans /FirstChar 32 /LastChar 126 /Widths [" + widths +
         "] /Encoding /WinAnsiEncoding /FontDescriptor 6 0 R >>").encode("ascii"),
        b"<< /Type /FontDescriptor /FontName /NoBBoxSans /Flags 32 /Ascent 800 /Descent -200 /ItalicAngle 0 "
        b"/StemV 80 /CapHeight 700 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A PDF with an image-like page and no text layer."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.rect(100, 100, 300, 400, fill=1)
    c.save()
    return path


def write_encrypted_pdf(path: Path) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    enc = pdfencrypt.StandardEncryption("secret-user", ownerPassword="secret-owner", canPrint=0)
    c = canvas.Canvas(str(path), encrypt=enc)
    c.drawString(72, 720, "encrypted report")
    c.save()
    return path
