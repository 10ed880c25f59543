"""``draw.html`` in English or Chinese: one draw, the brochure against the books, on one page.

The accounting is :mod:`sim.analysis.brochure` and the English words of its lines, headline and
notes are :mod:`sim.commands.draw`'s; this module holds the page's Chinese (labels, the
explanation of each line, the sellers' examples and notes, the headline and the notes written
from the same figures) and renders ``templates/draw.html.j2``. Like ``report.html``, the page
embeds the Chinese font cut down to the characters it shows (:func:`sim.outputs.i18n.cjk_font_face`),
so its Chinese (the title, every quotation of the brochure) renders where only Latin fonts exist.
"""

from __future__ import annotations

import jinja2

from sim.money import fmt_yuan
from sim.outputs.i18n import cjk_font_face, source_zh, tidy_zh

_ENV = jinja2.Environment(loader=jinja2.PackageLoader("sim.outputs", "templates"),
                          autoescape=jinja2.select_autoescape(["html", "j2"]),
                          keep_trailing_newline=True)

#: The lines' names in Chinese (:data:`sim.analysis.brochure.LABELS` in English).
LABELS_ZH = {
    "income_fen": "收入：中奖者的参团金",
    "products_fen": "给中奖者的商品",
    "loser_rewards_fen": "给未中奖者的现金奖励",
    "releases_fen": "释放为现金的购物金",
    "releases_per_play_fen": "参团者本人座位的释放（动态释放一）",
    "releases_static_fen": "静态释放一晚（按每次开奖记账）",
    "releases_direct_downline_fen": "给直接上线的释放（动态释放二）",
    "releases_indirect_downline_fen": "给间接上线的释放（动态释放二）",
    "monthly_pool_fen": "月分红池",
    "daily_pool_fen": "日分红池",
    "commissions_fen": "给上线、团队和代理的佣金",
    "commissions_promotion_fen": "推广佣金，两级",
    "commissions_team_fen": "团队级差",
    "commissions_regional_fen": "区域代理",
    "outflow_fen": "支出合计",
    "profit_before_monthly_pool_fen": "扣除月分红池之前的“利润”",
    "seller_profit_fen": "每次开奖的“利润”",
    "new_shopping_gold_fen": "新记给中奖者的购物金",
    "net_new_shopping_gold_fen": "所欠购物金的净增加",
    "dividend_points_issued": "发放的分红积分",
    "consumption_points_issued": "发放的消费积分",
    "privilege_seats_promised": "承诺的保证不中奖座位（特权）",
    "refunds_fen": "退还给未中奖者的参团金",
    "accrual_result_fen": "权责发生制结果：“利润”减去购物金欠款的增加",
}

#: The sellers' worked examples, their sources and the notes on their figures, in Chinese (by
#: their English text in :mod:`sim.analysis.published`).
PUBLISHED_ZH = {
    "Case 1 (案例一): product cost 30%": "案例一：产品成本30%",
    "Case 2 (案例二): product cost 60%": "案例二：产品成本60%",
    "Privilege mode (特权模式), platform side": "特权模式，平台一方",
    "Static + dynamic release (附二), platform side": "静态加动态释放（附二），平台一方",
    "The merchant's pitch for the 5-join-2-win lottery": "面向商家的五人参团两人中奖抽奖推介",
    "微三云模式解析, the product page of 微二云网络科技有限公司, undated (RULEBOOK §0.1)":
        "《微三云模式解析》，微二云网络科技有限公司的产品页面，未注明日期（RULEBOOK §0.1）",
    ("鸟哥笔记 2021: 「社交电商新零售：2021新的经济风口的开始，拼团抽奖模式」, 鸟哥笔记, "
     "16 June 2021 (RULEBOOK §0.1)"):
        "鸟哥笔记2021年的文章：「社交电商新零售：2021新的经济风口的开始，拼团抽奖模式」，鸟哥笔记，"
        "2021年6月16日（RULEBOOK §0.1）",
    "An arithmetic error: 300 - 246 = 54, not 51 (RULEBOOK §16.1).":
        "算术错误：300 - 246 = 54，不是51（RULEBOOK §16.1）。",
    ("The rates it lists give 1 + 0.5 + 1.5 + 0.5 = 3.5 yuan a seat by differential, 35 for 10 "
     "seats (50 if the team tiers added up); neither is 30 (RULEBOOK §16.4)."):
        "按它列出的比例，级差下每个座位是 1 + 0.5 + 1.5 + 0.5 = 3.5元，10个座位共35元"
        "（团队各级若相加则为50元）；都不是30元（RULEBOOK §16.4）。",
    ("Right given its own 30-yuan commission line; with the commission its rates give, "
     "200 - 90 - 40 - 35 = 35 (RULEBOOK §16.4)."):
        "按它自己那行30元的佣金是对的；按它的比例算出的佣金，应为 200 - 90 - 40 - 35 = 35"
        "（RULEBOOK §16.4）。",
    "40 - 10 = 30 given its own lines; with the commission its rates give, 25 (RULEBOOK §16.4).":
        "按它自己的各行，40 - 10 = 30；按它的比例算出的佣金，应为25（RULEBOOK §16.4）。",
    ("Static release is paid per member per night, not per draw; read as one night's 1% on the "
     "100 yuan of shopping gold this draw credits (RULEBOOK §16.6)."):
        "静态释放是每个成员每晚发放，不是每次开奖发放；这里理解为本次开奖记入的100元购物金一晚的1%"
        "（RULEBOOK §16.6）。",
    ("10 seats x 0.5 yuan = 5; the 15 is 30 x 0.5, the user side's head count of indirect "
     "downlines (RULEBOOK §16.6)."):
        "10个座位 × 0.5元 = 5元；15元是 30 × 0.5，用的是用户一方间接下线的人数（RULEBOOK §16.6）。",
    ("Matches neither the brochure's own lines (100 - 80 = 20) nor the corrected ones "
     "(100 - 70 = 30) (RULEBOOK §16.6)."):
        "既不符合宣传材料自己的各行（100 - 80 = 20），也不符合更正后的各行（100 - 70 = 30）"
        "（RULEBOOK §16.6）。",
    ("Holds only in the seller's view, which counts the winners' stakes as income although "
     "they become savings money the same article promises back in full (RULEBOOK §16.5)."):
        "只在卖方的算法里成立：它把中奖者的参团金算作收入，可同一篇文章承诺这笔钱会作为储蓄金全额返还"
        "（RULEBOOK §16.5）。",
    ("Once the savings are repaid the platform is down 2cP + 30 yuan a draw: -89.40 at P = 99 "
     "and c = 0.3 (RULEBOOK §16.5)."):
        "储蓄金一旦还清，平台每次开奖亏 2cP + 30元：P = 99、c = 0.3 时为 -89.40元（RULEBOOK §16.5）。",
}

#: The reader's notes in Chinese, by their English text (:func:`sim.commands.draw.notes`).
NOTES_ZH = {
    ("Releases assume every member already holds enough shopping gold, as the brochures do "
     "(「假设之前都中过奖有购物基金余额」, RULEBOOK §16.1)."):
        "释放按每个成员都已持有足够的购物金计算，与宣传材料的算法相同（「假设之前都中过奖有购物基金余额」，"
        "RULEBOOK §16.1）。",
    ("This scenario does not assume a complete upline chain (chain.complete = false): "
     "commissions and downline releases are what a draw pays when every seat has every upline, "
     "tier and agent, i.e. an upper bound."):
        "本情景不假定上线链条完整（chain.complete = false）：这里的佣金和下线释放，是每个座位都有全部"
        "上线、团队身份和代理时一次开奖要付的钱，也就是上限。",
    ("The scenario differs from the published example (--set or your file): the brochure's "
     "figures describe the unchanged example."):
        "本情景与公开的例子不同（--set 或你自己的文件）：宣传材料的数字说的是未改动的例子。",
}


def _zh(text: str) -> str:
    return tidy_zh(PUBLISHED_ZH.get(text, text))


def published_zh(pub: dict | None) -> dict | None:
    """The brochure's example with its title, source and notes in Chinese."""
    if pub is None:
        return None
    figures = [{**f, "note": _zh(f["note"]) if f.get("note") else f.get("note")}
               for f in pub["figures"]]
    mismatches = [{**m, "note": _zh(m["note"]) if m.get("note") else m.get("note")}
                  for m in pub["mismatches"]]
    return {**pub, "example": _zh(pub["example"]), "source": _zh(pub["source"]),
            "figures": figures, "mismatches": mismatches}


def headline_zh(sc, result: dict) -> list[str]:
    """The page's first paragraph in Chinese, from the same figures as
    :func:`sim.commands.draw.headline`."""
    r, pub = result, result["published"]
    by_line = {f["line"]: f for f in (pub or {"figures": []})["figures"]}
    said = by_line.get("seller_profit_fen")
    profit = fmt_yuan(r["seller_profit_fen"])
    out = []
    if said is not None and not pub["as_published"]:
        claimed = "（声称）" if said["relation"] == ">" else ""
        out.append(f"公开的例子每次开奖记下{fmt_yuan(said['published_fen'])}元“利润”{claimed}；"
                   f"按本情景的改动，每次开奖记下{profit}元。")
    elif said is not None and said["relation"] == "=":
        text = f"宣传材料说平台每次开奖赚{fmt_yuan(said['published_fen'])}元"
        if not said["match"]:
            text += f"；按它自己的规则重算，是{profit}元"
        out.append(text + "。")
    elif said is not None:
        out.append(f"商家听到的是：「{said['quote']}」。按卖方的算法，每次开奖记下{profit}元“利润”。")
    else:
        out.append(f"按卖方宣传材料的算法，每次开奖记下{profit}元“利润”。")
    collected = r["income_fen"] + r["refunds_fen"]
    out.append(f"每次开奖收进的{fmt_yuan(collected)}元中，{fmt_yuan(r['refunds_fen'])}元直接退还给"
               f"未中奖者；所谓“收入”，只是从中奖者那里留下的{fmt_yuan(r['income_fen'])}元。")
    if r["new_shopping_gold_fen"]:
        out.append(f"宣传材料没有算上记给中奖者的{fmt_yuan(r['new_shopping_gold_fen'])}元购物金："
                   f"这笔钱是承诺要还的。扣除同一次开奖释放的{fmt_yuan(r['releases_fen'])}元，"
                   f"平台每开一次奖就多欠{fmt_yuan(r['net_new_shopping_gold_fen'])}元。")
        verdict = "多出" if r["accrual_result_fen"] >= 0 else "短缺"
        out.append(f"把这笔承诺算进去，每次开奖平台{verdict}"
                   f"{fmt_yuan(abs(r['accrual_result_fen']))}元。")
    if r["privilege_seats_promised"]:
        losing = sc.draw.group_size - sc.draw.winners
        seats = r["privilege_seats_promised"]
        text = (f"每次开奖向中奖者承诺今后{_count(seats)}个保证不中奖的座位，而每次开奖只有{losing}个"
                f"不中奖座位可给")
        if seats > losing:
            text += (f"：积压每次开奖增加{_count(seats - losing)}个座位，除非大多数中奖者从不使用"
                     f"特权，否则团会开始凑不成（RULEBOOK §16.4）")
        out.append(text + "。")
    return [tidy_zh(line) for line in out]


def _count(value) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def render(sc, result: dict, table: dict, *, lang: str, headline: list[str], notes: list[str],
           labels: dict, amount, brochure_figure, mark) -> str:
    """The page in ``lang`` ("en" or "zh"), with the Chinese font embedded for the characters
    it shows. ``headline``, ``notes`` and ``labels`` are the English ones; the Chinese page
    writes its own from the same figures."""
    pub, source = result["published"], sc.meta.source
    if lang == "zh":
        headline, labels, pub = headline_zh(sc, result), LABELS_ZH, published_zh(pub)
        notes = [tidy_zh(NOTES_ZH.get(n, n)) for n in notes]
        source = source_zh(source)
        by_line = {f["line"]: f for f in (pub or {"figures": []})["figures"]}
        table = {part: [{**row, "published": by_line.get(row["line"]) if row["published"]
                         else None} for row in rows] for part, rows in table.items()}
    page = _ENV.get_template("draw.html.j2").render(
        lang=lang, sc=sc, r=result, pub=pub, table=table, labels=labels, headline=headline,
        notes=notes, amount=amount, brochure_figure=brochure_figure, mark=mark, source=source,
        losing_seats=sc.draw.group_size - sc.draw.winners)
    if lang == "zh":  # spaced as every Chinese text of the package (the styles left alone)
        top, body = page.split("<body>", 1)
        page = top + "<body>" + tidy_zh(body)
    return page.replace("/* cjk-font */", cjk_font_face(page), 1)
