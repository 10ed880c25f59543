"""The report's words in English and Chinese, the number formats, and the Chinese font.

Every sentence of the report and every label of its figures is a template here, in both
languages, with named slots that :mod:`sim.outputs.report` and :mod:`sim.outputs.plots` fill from the run's own
figures: nothing here is a number about a run.

The Chinese font is Noto Sans CJK SC (SIL Open Font License), shipped by the ``mpl-font``
package, a dependency of this project: :func:`figure_style` registers it with matplotlib at
run time, so Chinese labels never render as empty boxes ("tofu"), whatever fonts the machine has.
"""

from __future__ import annotations

import base64
import importlib.util
import io
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from matplotlib import font_manager

from sim.money import fmt_yuan

#: The Chinese font's family name as matplotlib knows it, and its file inside ``mpl_font``.
CJK_FAMILY = "Noto Sans CJK SC"
_CJK_FILE = ("fonts", "noto", "NotoSansCJKsc-Regular.otf")

_registered: str | None = None


def cjk_font_path() -> Path:
    """The Noto Sans CJK SC file shipped by ``mpl-font`` (found without importing it: importing
    ``mpl_font`` would change matplotlib's global settings)."""
    spec = importlib.util.find_spec("mpl_font")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the Chinese font package 'mpl-font' is not installed; "
                           "reinstall pingou-sim (pip install .)")
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*_CJK_FILE)
    if not path.is_file():
        raise RuntimeError(f"the Chinese font file is missing: {path}")
    return path


def register_cjk_font() -> str:
    """Register the Chinese font with matplotlib (once per process); return its family name."""
    global _registered
    if _registered is None:
        font_manager.fontManager.addfont(str(cjk_font_path()))
        _registered = CJK_FAMILY
    return _registered


def figure_style(lang: str = "en") -> dict:
    """matplotlib rcParams for the report's figures in ``lang`` (use with ``rc_context``)."""
    style = {"font.size": 10.5, "axes.titlesize": 12, "axes.labelsize": 10.5,
             "legend.fontsize": 9, "xtick.labelsize": 9.5, "ytick.labelsize": 9.5,
             "axes.spines.top": False, "axes.spines.right": False}
    if lang == "zh":
        style["font.family"] = [register_cjk_font(), "DejaVu Sans"]
        style["axes.unicode_minus"] = True
    return style


#: The characters the embedded font serves: CJK punctuation, radicals, kana, ideographs and
#: full-width forms. Everything else (Latin, digits) keeps the reader's own font.
CJK_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
              (0x20000, 0x2FFFF))
CJK_UNICODE_RANGE = ", ".join(f"U+{lo:X}-{hi:X}" for lo, hi in CJK_RANGES)


def is_cjk(ch: str) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in CJK_RANGES)


def cjk_font_face(text: str) -> str:
    """A CSS ``@font-face`` rule embedding the Chinese font, cut down to the Chinese characters
    of ``text`` ("" when there are none), so that a report renders its Chinese on any device,
    even one without a Chinese font. The rule's ``unicode-range`` limits it to those
    characters, so the page can name it first without touching Latin text (named after the
    system fonts, a browser may keep the empty boxes it drew before the font was ready). The
    same text gives the same bytes (the font's timestamps are kept as shipped)."""
    chars = "".join(sorted(ch for ch in set(text) if is_cjk(ch)))
    if not chars:
        return ""
    font = TTFont(str(cjk_font_path()), recalcTimestamp=False, lazy=True)
    options = subset.Options()
    options.flavor = "woff"
    options.hinting = False
    options.desubroutinize = True
    options.layout_features = []
    options.name_IDs = [1, 2]
    options.name_languages = [0x409]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return ("@font-face { font-family: 'pingou-cjk'; "
            f"src: url(data:font/woff;base64,{data}) format('woff'); "
            f"unicode-range: {CJK_UNICODE_RANGE}; }}")


# -- numbers in words ------------------------------------------------------------------------


def pct(share: float) -> str:
    """A share as a percentage that never rounds a part to all or nothing: 0.997 -> '99.7%'."""
    if share <= 0:
        return "0%"
    if share >= 1:
        return "100%"
    for digits in range(4):
        text = f"{share * 100:.{digits}f}"
        if float(text) not in (0.0, 100.0):
            return text + "%"
    return f"{share * 100:.4f}%"


def money(fen: int, lang: str = "en") -> str:
    """A fen amount in words: '969.99 yuan', '57,923 yuan', '7.78 million yuan'; '969.99 元',
    '5.79 万元'. Amounts of 10,000 yuan or more are rounded (to the yuan, or to two decimals of a
    million / of 10,000 yuan); smaller ones are exact."""
    fen = int(fen)
    yuan = fen / 100
    if lang == "zh":
        if abs(yuan) >= 10_000:
            return f"{yuan / 10_000:,.2f} 万元"
        return f"{fmt_yuan(fen)} 元"
    if abs(yuan) >= 1_000_000:
        return f"{yuan / 1_000_000:,.2f} million yuan"
    if abs(yuan) >= 10_000:
        return f"{yuan:,.0f} yuan"
    return f"{fmt_yuan(fen)} yuan"


def count(n: int) -> str:
    return f"{int(n):,}"


def tenths(share: float, lang: str = "en") -> str:
    """How many of every ten members lost money, as the opening of the headline."""
    if share >= 1:
        return {"en": "Every member lost money",
                "zh": "所有成员都亏了钱"}[lang]
    if share >= 0.95:
        return {"en": "More than 9 of every 10 members lost money",
                "zh": "每 10 个成员中，超过 9 个亏了钱"}[lang]
    if share <= 0:
        return {"en": "No member lost money", "zh": "没有成员亏钱"}[lang]
    k = int(round(share * 10))
    if k == 0:
        return {"en": "Fewer than 1 in 10 members lost money",
                "zh": "每 10 个成员中不到 1 个亏了钱"}[lang]
    return {"en": f"About {k} of every 10 members lost money",
            "zh": f"每 10 个成员中约有 {k} 个亏了钱"}[lang]


# -- the words ---------------------------------------------------------------------------------

EN: dict[str, str] = {
    # page
    "page_title": "pingou-sim: {name}, who lost money",
    "h1": "Who lost money in “{title}”",
    "intro": ("A simulation of {population} people over {days} days (scenario <code>{name}</code>, "
              "seed {seed}). Source of the rules: {source}."),
    "user_file": "a user's file",
    "h_headline": "In short",
    "h_key": "Key figures",
    "h_figures": "The figures",
    "how_to_read": "How to read it:",
    "in_this_run": "In this run:",
    "h_red_flags": "Legal red flags",
    "red_flags_intro": ("What the law looks for (禁止传销条例 Art. 7; Criminal Law Art. 224-1 with the 2013 "
                        "joint opinion), checked against the money that actually moved in this run."),
    "rf_pay_for_recruiting": "Pay for recruiting people (拉人头)",
    "rf_entry_fee": "An entry fee, in money or purchases such as gift packages (入门费)",
    "rf_team_pay": "Pay to uplines based on downlines' sales (团队计酬)",
    "rf_three_levels_paid": "Commissions paid on three or more levels",
    "rf_criminal_threshold": "At least 30 participants and 3 levels, with pay linked to recruiting",
    "rf_yes": "YES",
    "rf_no": "no",
    "rf_tree": ("The recruitment tree: {members} members, {depth} levels deep; {share} of members "
                "three or more levels down; commissions paid up to {levels} levels above a seat."),
    "h_brochure": "The brochure's arithmetic against the run",
    "h_assumptions": "The assumptions that drive this result",
    "assumptions_intro": ("The rules come from the sellers' own documents (the rulebook sections "
                          "are cited in <code>pingou show {name}</code>). How people behave is not "
                          "in those documents: the values below are assumptions of the model, and "
                          "the result depends on them. Change any of them with "
                          "<code>pingou run --set SECTION.FIELD=VALUE</code>."),
    "rules_used": "The rules used",
    "more_assumptions": ("{n} more assumptions, for features of the rules that a scenario can "
                         "switch on (most are off in the default scheme)"),
    "th_figure": "figure", "th_value": "value", "th_setting": "setting",
    "th_meaning": "what it means",
    "footer": ("Made by pingou-sim from scenario <code>{name}</code>, seed {seed}: the same "
               "scenario and seed give the same numbers, byte for byte. Money is counted in "
               "whole fen (1 yuan = 100 fen) and the books balance every day. A member's result is the cash "
               "they got back out minus the cash they put in; products are counted three ways: as "
               "nothing (cash), at their cost to the platform, and at their full sticker price "
               "(the seller's own claim). Balances left on the platform (wallets, shopping gold, "
               "points) are promises, not money: they count for nothing in these results, "
               "{balances_note}"),
    "balances_after_exit": "and after the operator's exit on day {day} they are worth nothing.",
    "balances_running": "although the platform was still paying on the last day.",
    # headline
    "lead": "{tenths}.",
    "hl_losers": ("Of the {participants} people who joined, {share} got back less cash than they "
                  "put in. The median loser lost {median_loss}."),
    "hl_valuations": ("Counting the products they won at what they cost, {cost} lost; counting "
                      "them at full sticker price, as the seller does, {sticker} lost."),
    "hl_sticker_note": (" At sticker price a win counts as a purchase at full price, so only money "
                        "left frozen on the platform can make a member lose."),
    "hl_operator": ("The operator took {operator}. Members put in {paid_in} and got "
                    "{withdrawn} back out."),
    "hl_stall_outside": ("Growth stalled on day {stall}, when an outside event cut recruitment "
                         "(new members had peaked on day {peak})."),
    "hl_stall_own": ("Growth stalled on its own: new members peaked on day {peak} and fell as "
                     "the population ran out; no outside event stopped recruitment."),
    "hl_exit": ("Payouts stopped on day {day}: the operator froze them and kept the cash. "
                "{wallets} in wallets and waiting withdrawals and {gold} of shopping gold "
                "became worthless."),
    "hl_activity": ("Payouts never stopped: the platform kept a cash margin on every draw, so "
                    "it never ran dry. Instead play died out: on day {day} fewer than a tenth as "
                    "many seats were taken as at the peak (day {peak}), leaving {stranded} of "
                    "shopping gold and wallet balances that only more play would have paid."),
    "hl_running": ("Payouts had not stopped by the last day (day {day}), and play had not died "
                   "out."),
    "hl_groups": ("Of the later half to join ({late_n} people), {late_share} lost cash (median "
                  "result {late_median}); of the first tenth, {early_share} (median "
                  "{early_median}); of members with 10 or more people below them, "
                  "{uplines_share}."),
    # key figures
    "k_participants": "people who joined",
    "k_paid_in": "cash members put in (net of stakes refunded at once)",
    "k_withdrawn": "cash members got back out (withdrawals, after fees)",
    "k_suppliers": "paid to suppliers for products",
    "k_operator": "taken by the operator",
    "k_cash": "cash left on the platform",
    "k_gold": "shopping gold still promised",
    "k_wallets": "wallets and waiting withdrawals still promised",
    "k_share": "share losing money: cash / products at cost / at sticker price",
    "k_median_loss": "median loss of those who lost (cash)",
    "k_stall": "day growth was stopped from outside",
    "k_collapse": "day payouts stopped (operator's exit)",
    "k_activity": "day play fell below a tenth of its peak",
    "k_ledger": "books balance to the fen every day (largest imbalance, fen)",
    "none": "none",
    # brochure
    "b_intro": ("The sellers' brochure shows the platform booking a profit on every draw. Here is "
                "that arithmetic for this scenario's rules, beside what the simulation actually "
                "saw over {groups} draws."),
    "b_rule_profit": "booked “profit” per draw, as the brochure counts it (from the rules)",
    "b_run_profit": ("booked “profit” per draw in this run (the same sum, over the draws that "
                     "took place)"),
    "b_new_gold": "new shopping gold promised to the winners of one draw (from the rules)",
    "b_net_gold": "of which not paid back by the same draw's releases (from the rules)",
    "b_accrual": "result per draw once the new promises are counted (from the rules)",
    "b_run_promises": ("growth of everything promised to members, per draw, in this run "
                       "(promises on the last day divided by the number of draws)"),
    "b_more": ("Every yuan of booked “profit” came with more in new promises: per draw, the run "
               "booked {profit} of “profit” while what the platform owed members grew by "
               "{promises}."),
    "b_less": ("Per draw, the run booked {profit} of “profit” while what the platform owed "
               "members grew by {promises}."),
    # figures: shared
    "day": "day",
    "yuan": "yuan",
    "ev_stall": "outside stall (day {day})",
    "ev_exit": "payouts frozen (day {day})",
    "ev_activity": "play < 1/10 of peak (day {day})",
    "v_cash": "cash only (products worth nothing)",
    "v_cost": "products at their cost",
    "v_sticker": "products at sticker price (the seller's claim)",
    # growth
    "f_growth": "Growth, stall and collapse",
    "growth_members": "joined so far",
    "growth_active": "played that day",
    "growth_new": "new members that day",
    "growth_people": "people",
    "growth_new_axis": "new per day",
    # cash
    "f_cash": "The platform's cash against each kind of promise",
    "cash_cash": "cash the platform holds",
    "cash_operator": "taken by the operator (running total)",
    "p_gold": "promised: shopping gold",
    "p_wallets": "promised: wallets",
    "p_waiting": "promised: withdrawals waiting",
    "p_stakes": "promised: stakes of seats in the queue",
    "p_pools": "promised: dividend pools",
    "points_dividend": "dividend points",
    "points_consumption": "consumption points",
    "points_axis": "points (no yuan value)",
    # who lost
    "f_who": "Who lost money, by week of joining",
    "who_share": "% of the week's joiners losing",
    "who_median": "median result per member, yuan",
    "who_week": "week of joining (week 0 = days 0-6)",
    "who_peak": "recruitment peak",
    # breakdowns
    "f_breakdowns": "Who lost money, by place in the scheme",
    "bd_share": "% losing money",
    "bd_median": "median result, yuan",
    "bd_depth": "depth in the recruitment tree (0 = founder)",
    "bd_downline": "people below the member (all levels)",
    "bd_region": "region",
    "bd_identity": "identity",
    # money flow
    "f_flow": "Where the money went",
    "flow_in": "cash members\nput in",
    "flow_gains": "gains of those\nwho came out ahead",
    "flow_own": "back to the same members\n(their own money)",
    "flow_to_ahead": "to members who came out ahead",
    "flow_suppliers": "to suppliers, for products",
    "flow_operator": "to the operator",
    "flow_cash": "left on the platform",
    "flow_early": "the first tenth to join",
    "flow_uplines": "later members with people below them",
    "flow_others": "everyone else",
    "flow_axis": "yuan",
    # distribution
    "f_dist": "Members' cash results",
    "dist_first": "the first half to join",
    "dist_later": "the later half to join",
    "dist_x": "cash got back minus cash put in, yuan (1st to 99th percentile)",
    "dist_y": "members",
    # captions: how to read, then what it shows in this run
    "c_growth": ("Top: everyone who has joined so far (blue) and those who took at least one "
                 "seat that day (green). Bottom: the newcomers of each day. Dashed lines mark the "
                 "outside stall and the day payouts were frozen; the dotted line, the day play "
                 "fell below a tenth of its peak."),
    "r_growth": ("{members} people joined; most seats were taken on day {peak}, with "
                 "{peak_active} members playing that day."),
    "r_cropped": ("Nothing these timelines show changes after day {last}, so they stop at day "
                  "{end} of {days}."),
    "c_cash": ("The coloured layers are what the platform owes its members, stacked: each kind "
               "of promise in yuan. The green line is the cash it actually holds; the black "
               "dotted line, what the operator has taken out so far. Only wallets can be "
               "withdrawn when a member asks; shopping gold comes back only as members keep "
               "playing. Where the layers rise above the green line, the platform could not pay "
               "what it owes if it all came due. After an exit the promises stay owed but will "
               "never be paid. The lower panel counts the points handed out, which the rules "
               "give no yuan value."),
    "r_cash": ("On day {day}, when the promises peaked, the platform owed members {promised} "
               "and held {cash} in cash: {per100} for every 100 yuan promised."),
    "c_who": ("Each point is everyone who joined in one week. Top: the share of them who lost "
              "money, with the products they won counted three ways. Bottom: the median result "
              "per member in yuan (below zero: a loss). Balances left on the platform are not "
              "counted: they are promises, not money."),
    "r_who": ("Across the {weeks} weeks with newcomers, the share losing cash ran from {lo} to "
              "{hi}."),
    "c_breakdowns": ("Each row splits the members one way; each group shows the share who lost "
                     "money (left) and their median result (right), with products counted three "
                     "ways as in the figure above; n is the number of members in the group."),
    "r_breakdowns": ("Members with 100 or more people below them: {big_share} lost cash (median "
                     "{big_median}); members with nobody below them: {none_share} (median "
                     "{none_median})."),
    "r_breakdowns_nobig": ("Members with nobody below them: {none_share} lost cash (median "
                           "{none_median}); nobody had 100 or more people below them."),
    "c_flow": ("The top bar is all the cash members put in, split by where it ended up: back to "
               "the same members, to other members who came out ahead (their gains), to "
               "suppliers for the products, to the operator, or still on the platform. The "
               "lower bar splits the gains of those who came out ahead by who they were. "
               "Commissions on their downlines' seats are part of how uplines gained."),
    "r_flow": ("Of every 100 yuan members put in, {own} came back to the same members, {ahead} "
               "went to members who came out ahead, {suppliers} to suppliers, {operator} to the "
               "operator, and {cash} is still on the platform. Uplines were credited {commissions} "
               "of commissions in all."),
    "c_dist": ("How many members ended with each cash result (cash got back minus cash put in, "
               "products not counted), for the first half of the members to join and the later "
               "half. Left of the black line: a loss."),
    "r_dist": ("Median cash result of the first half to join: {first}; of the later half: "
               "{later}."),
}

ZH: dict[str, str] = {
    "page_title": "pingou-sim：{name}，谁亏了钱",
    "h1": "“{title}”中谁亏了钱",
    "intro": ("对 {population} 人、{days} 天的模拟（情景 <code>{name}</code>，随机种子 {seed}）。"
              "规则来源：{source}。"),
    "user_file": "用户提供的文件",
    "h_headline": "要点",
    "h_key": "关键数字",
    "h_figures": "图表",
    "how_to_read": "怎么看：",
    "in_this_run": "本次模拟：",
    "h_red_flags": "法律上的危险信号",
    "red_flags_intro": ("法律关注的行为（《禁止传销条例》第七条；刑法第二百二十四条之一及2013年联合意见），"
                        "按本次模拟中实际发生的资金流动检验。"),
    "rf_pay_for_recruiting": "按拉人头计酬（拉人头）",
    "rf_entry_fee": "以缴纳费用或购买商品（包括大礼包）为入门条件（入门费）",
    "rf_team_pay": "以下线销售业绩为依据给上线计酬（团队计酬）",
    "rf_three_levels_paid": "佣金发放达到三级或以上",
    "rf_criminal_threshold": "参与人数达30人以上、层级达3级以上，且计酬与发展人员挂钩",
    "rf_yes": "是",
    "rf_no": "否",
    "rf_tree": ("推荐关系树：{members}名会员，共{depth}层；{share}的会员位于第三层或更深；"
                "佣金最多发放到座位以上{levels}级。"),
    "h_brochure": "宣传材料的算术与模拟结果对照",
    "h_assumptions": "决定这一结果的假设",
    "assumptions_intro": ("规则来自卖方自己的文件（规则手册的相应章节见 <code>pingou show {name}</code>）。"
                          "人们如何行动，这些文件并没有写：下列数值是模型的假设，结果取决于它们。"
                          "可以用 <code>pingou run --set 分节.字段=数值</code> 修改其中任何一项。"),
    "rules_used": "所用规则",
    "more_assumptions": "另外 {n} 项假设，针对情景可以开启的规则功能（默认方案中大多未开启）",
    "th_figure": "项目", "th_value": "数值", "th_setting": "设置", "th_meaning": "含义",
    "footer": ("由 pingou-sim 根据情景 <code>{name}</code>、随机种子 {seed} 生成：相同的情景和种子"
               "得到逐字节相同的结果。金额以整分计（1 元 = 100 分），账目每天都核对平衡。"
               "一个成员的结果 = 提现拿回的现金 − 投入的现金；商品按三种方式计价：不计价值（现金口径）、"
               "按平台成本价、按标价（卖方自己的说法）。留在平台上的余额（零钱、购物金、积分）"
               "是承诺，不是钱：在这些结果中一律不计，{balances_note}"),
    "balances_after_exit": "而且在运营方于第 {day} 天跑路之后，它们一文不值。",
    "balances_running": "尽管到最后一天平台仍在兑付。",
    "lead": "{tenths}。",
    "hl_losers": ("在加入的 {participants} 人中，{share} 拿回的现金少于投入的现金。"
                  "亏钱者亏损的中位数为 {median_loss}。"),
    "hl_valuations": ("把中签得到的商品按成本价计入，{cost} 的人亏钱；即使按卖方所说的标价计入，"
                      "也有 {sticker} 的人亏钱。"),
    "hl_sticker_note": "按标价计算，每次中签都相当于按全价购物，因此只有冻结在平台上的钱才会让成员亏损。",
    "hl_operator": "运营方拿走了 {operator}。成员共投入 {paid_in}，提现拿回 {withdrawn}。",
    "hl_stall_outside": "第 {stall} 天，外部事件切断了拉新，增长停滞（新成员在第 {peak} 天达到高峰）。",
    "hl_stall_own": "增长自行停滞：新成员在第 {peak} 天达到高峰，之后随着可拉的人越来越少而下降；没有外部事件中断拉新。",
    "hl_exit": ("第 {day} 天兑付停止：运营方冻结一切兑付，卷走现金。"
                "零钱和待付提现共 {wallets}、购物金 {gold}，全部化为乌有。"),
    "hl_activity": ("兑付始终没有停止：平台每次开奖都留有现金差价，所以从未断流。"
                    "但参与逐渐消失：第 {day} 天的参团数不到高峰（第 {peak} 天）的十分之一，"
                    "留下 {stranded} 的购物金和零钱余额，只有继续参团才能兑现。"),
    "hl_running": "到最后一天（第 {day} 天）兑付没有停止，参与也没有消失。",
    "hl_groups": ("后加入的一半人（{late_n} 人）中，{late_share} 亏了现金（结果中位数 {late_median}）；"
                  "最早加入的十分之一中，{early_share} 亏了现金（中位数 {early_median}）；"
                  "下面有 10 人以上的成员中，{uplines_share} 亏了现金。"),
    "k_participants": "加入人数",
    "k_paid_in": "成员投入的现金（扣除当即退回的参团金）",
    "k_withdrawn": "成员提现拿回的现金（扣除手续费）",
    "k_suppliers": "支付给供应商的商品成本",
    "k_operator": "运营方拿走的钱",
    "k_cash": "平台剩余现金",
    "k_gold": "尚未兑付的购物金",
    "k_wallets": "尚未兑付的零钱和待付提现",
    "k_share": "亏钱者比例：现金口径 / 商品按成本价 / 商品按标价",
    "k_median_loss": "亏钱者亏损的中位数（现金）",
    "k_stall": "外部事件中断增长的日子",
    "k_collapse": "兑付停止的日子（运营方跑路）",
    "k_activity": "参团数跌破高峰十分之一的日子",
    "k_ledger": "账目每天精确到分地平衡（最大差额，分）",
    "none": "无",
    "b_intro": ("卖方的宣传材料显示，平台每次开奖都记下一笔利润。下面按本情景的规则重算这笔账，"
                "并与模拟中实际发生的 {groups} 次开奖对照。"),
    "b_rule_profit": "宣传材料口径的每次开奖“利润”（按规则计算）",
    "b_run_profit": "本次模拟中每次开奖记下的“利润”（同一算法，按实际发生的开奖）",
    "b_new_gold": "每次开奖新承诺给中签者的购物金（按规则计算）",
    "b_net_gold": "其中未被同一次开奖的释放抵消的部分（按规则计算）",
    "b_accrual": "计入新承诺之后每次开奖的结果（按规则计算）",
    "b_run_promises": "本次模拟中每次开奖使平台对成员的承诺总额增加的数额（最后一天的承诺总额除以开奖次数）",
    "b_more": ("每一元记下的“利润”都伴随着更多的新承诺：本次模拟每次开奖记下 {profit} 的“利润”，"
               "而平台欠成员的钱增加了 {promises}。"),
    "b_less": "本次模拟每次开奖记下 {profit} 的“利润”，平台欠成员的钱增加了 {promises}。",
    "day": "天",
    "yuan": "元",
    "ev_stall": "外部停滞（第 {day} 天）",
    "ev_exit": "兑付冻结（第 {day} 天）",
    "ev_activity": "参团不足高峰的 1/10（第 {day} 天）",
    "v_cash": "只算现金（商品不计价值）",
    "v_cost": "商品按成本价",
    "v_sticker": "商品按标价（卖方的说法）",
    "f_growth": "增长、停滞与崩盘",
    "growth_members": "累计加入",
    "growth_active": "当天参团",
    "growth_new": "当天新加入",
    "growth_people": "人数",
    "growth_new_axis": "每天新加入",
    "f_cash": "平台现金与各类承诺",
    "cash_cash": "平台持有的现金",
    "cash_operator": "运营方累计拿走",
    "p_gold": "承诺：购物金",
    "p_wallets": "承诺：零钱",
    "p_waiting": "承诺：待付提现",
    "p_stakes": "承诺：排队中的参团金",
    "p_pools": "承诺：分红池",
    "points_dividend": "分红积分",
    "points_consumption": "消费积分",
    "points_axis": "积分（无折算价）",
    "f_who": "按加入周统计：谁亏了钱",
    "who_share": "该周加入者中亏钱的比例 %",
    "who_median": "每人结果的中位数（元）",
    "who_week": "加入的周次（第 0 周 = 第 0-6 天）",
    "who_peak": "拉新高峰",
    "f_breakdowns": "按在体系中的位置统计：谁亏了钱",
    "bd_share": "亏钱比例 %",
    "bd_median": "结果中位数（元）",
    "bd_depth": "在推荐树中的层级（0 = 创始人）",
    "bd_downline": "成员下面的人数（所有层级）",
    "bd_region": "地区",
    "bd_identity": "身份",
    "f_flow": "钱去了哪里",
    "flow_in": "成员投入\n的现金",
    "flow_gains": "赚钱者\n的收益",
    "flow_own": "回到同一批成员手中\n（他们自己的钱）",
    "flow_to_ahead": "流向赚了钱的成员",
    "flow_suppliers": "流向供应商（商品）",
    "flow_operator": "流向运营方",
    "flow_cash": "留在平台上",
    "flow_early": "最早加入的十分之一",
    "flow_uplines": "之后加入、下面有人的成员",
    "flow_others": "其他人",
    "flow_axis": "元",
    "f_dist": "成员的现金结果分布",
    "dist_first": "先加入的一半人",
    "dist_later": "后加入的一半人",
    "dist_x": "拿回的现金 − 投入的现金（元，第 1 至第 99 百分位）",
    "dist_y": "成员人数",
    "c_growth": ("上图：累计加入的人数（蓝）和当天至少参团一次的人数（绿）。下图：每天新加入的人数。"
                 "虚线标出外部停滞和兑付冻结的日子；点线标出参团数跌破高峰十分之一的日子。"),
    "r_growth": "共有 {members} 人加入；参团最多的一天是第 {peak} 天，当天有 {peak_active} 人参团。",
    "r_cropped": "第 {last} 天之后，这些时间线上的数字不再变化，所以图表只画到第 {end} 天（共 {days} 天）。",
    "c_cash": ("彩色色块是平台欠成员的钱，按承诺种类（元）层层叠加；绿线是平台实际持有的现金；"
               "黑色点线是运营方累计拿走的钱。只有零钱可以随时申请提现；购物金只有在成员继续参团时才会释放回来。"
               "色块高出绿线的地方，意味着这些欠款一旦同时到期，平台无力兑付。"
               "跑路之后，这些承诺仍然挂在账上，但永远不会兑付。下图统计发放的积分，规则并未规定其折合多少元。"),
    "r_cash": ("第 {day} 天承诺达到最高：平台欠成员 {promised}，而手上只有现金 {cash}，"
               "即每承诺 100 元只有 {per100} 现金。"),
    "c_who": ("每个点代表在同一周加入的所有人。上图：其中亏钱者的比例，商品按三种方式计价。"
              "下图：每人结果的中位数（元，低于零即亏损）。留在平台上的余额不计入：它们是承诺，不是钱。"),
    "r_who": "在有新人加入的 {weeks} 周里，亏现金者的比例在 {lo} 到 {hi} 之间。",
    "c_breakdowns": ("每一行按一种方式给成员分组；每组显示亏钱者的比例（左）和结果的中位数（右），"
                     "商品按三种方式计价，与上图相同；n 是该组的人数。"),
    "r_breakdowns": ("下面有 100 人以上的成员：{big_share} 亏了现金（中位数 {big_median}）；"
                     "下面没有人的成员：{none_share}（中位数 {none_median}）。"),
    "r_breakdowns_nobig": "下面没有人的成员：{none_share} 亏了现金（中位数 {none_median}）；没有人下面有 100 人以上。",
    "c_flow": ("上面一条是成员投入的全部现金，按最终去向分段：回到同一批成员手中、流向其他赚了钱的成员"
               "（他们的收益）、支付给供应商的商品成本、被运营方拿走，或仍留在平台上。"
               "下面一条把赚钱者的收益按人群分开。上级从下级参团中拿到的佣金是他们赚钱的途径之一。"),
    "r_flow": ("成员每投入 100 元，有 {own} 回到同一批成员手中，{ahead} 流向赚了钱的成员，"
               "{suppliers} 流向供应商，{operator} 被运营方拿走，{cash} 仍留在平台上。"
               "上级共获记佣金 {commissions}。"),
    "c_dist": ("成员的现金结果（拿回的现金减去投入的现金，商品不计）的分布，分先加入的一半人和后加入的一半人。"
               "黑线左边为亏损。"),
    "r_dist": "先加入的一半人现金结果的中位数：{first}；后加入的一半人：{later}。",
}

TEXTS = {"en": EN, "zh": ZH}

#: Chinese meanings of the assumption fields (the English ones are the scenario's own
#: descriptions, see ``pingou show``).
ASSUMPTIONS_ZH: dict[str, str] = {
    "run.participants": "可被拉入的总人数 N：此外没有人会加入。",
    "run.days": "模拟的天数（每一步为一天）。",
    "recruitment.founders_share": "第 0 天创立体系的人占总人数的比例（没有上级；大于 0 时至少 1 人），使不同规模下的故事相同。",
    "recruitment.invite_rate": "一个有效推广员每天发出的邀请数。",
    "recruitment.conversion": "被邀请且尚未加入的人接受邀请加入的概率。",
    "recruitment.stall_day": "外部事件（打击、负面报道）切断拉新的日子；none 表示没有外部停滞。",
    "recruitment.stall_factor": "从停滞之日起，拉新乘以这个系数。",
    "behaviour.budget_median_yuan": "一个成员在整个期间愿意投入的钱的中位数（对数正态分布）。",
    "behaviour.budget_sigma": "成员预算的离散程度（对数的标准差）。",
    "behaviour.seats_per_day": "完全信任平台的成员平均每天参团次数（泊松分布，受每日上限和可支付金额限制）。",
    "behaviour.shopping_gold_hook": "持有只能靠参团释放的购物金的成员，每天额外参团的次数。",
    "behaviour.trust_initial": "新成员的信任度，取值 0 到 1。",
    "behaviour.trust_paid_gain": "一笔提现全额到账时增加的信任度。",
    "behaviour.trust_wait_loss": "提现每多等一天减少的信任度。",
    "behaviour.trust_newcomer_loss": "每天减少的信任度，乘以最近一周新人数比最好一周下降的幅度。",
    "behaviour.quit_threshold": "信任度低于此值，成员停止参团并申请提走全部零钱。",
    "behaviour.withdraw_propensity": "零钱达到提现门槛、仍在参团的成员每天申请提现的概率。",
    "operator.extraction": "运营方每天转入自己口袋的钱：当天记账“利润”（卖方口径）的一部分，或超出准备金的现金。",
    "operator.extraction_share": "“利润分成”方式下拿走的比例。",
    "operator.reserve_ratio": "“超出准备金的现金”方式下，按零钱和待付提现的比例保留的现金。",
    "operator.exit_rule": "运营方何时冻结兑付、卷走现金：提现等待过久、净流入（投入减兑付）持续不为正，或永不（慢慢失血）。",
    "operator.exit_wait_days": "“提现等待”规则下，最早一笔未付提现可以等待的天数。",
    "operator.exit_outflow_days": "“净流出”规则下，净流入连续不为正的天数。",
}


def t(lang: str, key: str, **values) -> str:
    """The text ``key`` in ``lang`` with its slots filled."""
    text = TEXTS[lang][key]
    return text.format(**values) if values else text
