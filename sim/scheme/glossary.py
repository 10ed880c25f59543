"""The brochures' Chinese terms, each with the scenario fields that carry it.

A newcomer who reads a scheme's brochure meets its words (不中奖奖励, 购物金, 直推...), not the
model's fields. :data:`TERMS` maps each word to the fields to set (``section.field``, as
``pingou show`` prints them and ``--set`` takes them) and to the rulebook section that states
the rule, with its quotations (``docs/rulebook.md``). A term the model leaves out says so
(no fields, and a note why).

``pingou show --glossary`` prints :func:`text`; ``docs/glossary.md`` is :func:`markdown`, written
by ``python docs/glossary.py --write`` (``tests/test_authoring.py`` checks the two agree and that
every field named here exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Term:
    """One word of the brochures."""

    zh: str  #: the word as the brochures write it (variants after " / ")
    pinyin: str  #: its reading, with tone marks
    en: str  #: what it means, in English, as the model reads it
    fields: tuple[str, ...]  #: the scenario fields that carry it ("section.field"); () if none
    ref: str  #: the rulebook section that states the rule and quotes the words
    note: str = ""  #: how to set it, or why the model leaves it out


TERMS: tuple[Term, ...] = (
    # -- the group and the draw ----------------------------------------------------------------
    Term("拼团抽奖", "pīntuán chōujiǎng", "group-buy lottery: members pay a stake into a group; "
         "some are drawn as winners, who pay and get the product; the others are refunded",
         ("draw.group_size", "draw.winners", "draw.stake_yuan"), "RULEBOOK §3.1, §3.6"),
    Term("全民拼购", "quánmín pīngòu", "\"everyone group-buys\": the lottery with its extra "
         "rewards (shopping gold, dividends, commissions)", (), "RULEBOOK §14.1",
         "the preset quanmin-pingou; start from it with extends = \"quanmin-pingou\""),
    Term("N人团 / 几人团", "N rén tuán", "an N-person group: the seats per group",
         ("draw.group_size",), "RULEBOOK §3.1", "「“10人团”」 is draw.group_size = 10"),
    Term("中奖 / 中N人", "zhòngjiǎng", "win: **winning is paying**, the stake is kept and a "
         "product is sent; 「中3人」 is 3 winners per group", ("draw.winners",), "RULEBOOK §3.6"),
    Term("不中奖 / 不中", "bù zhòngjiǎng", "lose: the stake is refunded in full, plus the "
         "loser's rewards", ("rewards.loser_reward_rate", "rewards.loser_reward_yuan"),
         "RULEBOOK §3.7"),
    Term("拼团金 / 参团金额", "pīntuán jīn", "the stake P of a seat, equal to the product's "
         "sticker price", ("draw.stake_yuan",), "RULEBOOK §3.7"),
    Term("拼团区 / 99元区", "pīntuán qū", "a price zone: a queue of its own at one stake",
         ("zones.stakes_yuan", "zones.weights"), "RULEBOOK §3.2 (A10)",
         "empty: one zone at draw.stake_yuan"),
    Term("大额拼团区 / 大额预存充值客户", "dà'é pīntuán qū", "large zones (万元区...) for large "
         "prepaid customers", ("zones.large_stakes_yuan", "zones.large_prepaid_share",
                               "zones.large_budget_median_yuan"), "RULEBOOK §3.2 (A11)"),
    Term("每日参团次数 / 每天每人限参团N次", "měi rì cāntuán cìshù", "the daily cap: seats one "
         "member may take in a day", ("draw.daily_cap",), "RULEBOOK §3.3 (A12)"),
    Term("产品成本 / 成本N折", "chǎnpǐn chéngběn", "the product's cost as a share of P: "
         "「成本3折」 is 30%", ("draw.cost_ratio",), "RULEBOOK §14.2",
         "include delivery when the brochure does (产品加快递费)"),
    Term("机器人补位 / 虚拟用户", "jīqìrén bǔwèi / xūnǐ yònghù", "robot fill: fake members the "
         "operator puts in to complete a group", ("robots.fill", "robots.can_win"),
         "RULEBOOK §3.5 (A13)"),
    # -- rewards --------------------------------------------------------------------------------
    Term("不中奖奖励 / 零钱奖励", "bù zhòngjiǎng jiǎnglì / língqián jiǎnglì", "the loser's cash "
         "reward into the wallet: a share of P, a fixed amount, or both",
         ("rewards.loser_reward_rate", "rewards.loser_reward_yuan"), "RULEBOOK §4.2",
         "「5%的零钱奖励」 is loser_reward_rate = 0.05; 「不中奖奖励10元」 is loser_reward_yuan = 10"),
    Term("红包", "hóngbāo", "red envelope: 鸟哥笔记 2021's fixed cash reward to each loser",
         ("rewards.loser_reward_yuan",), "RULEBOOK §12 (A42)"),
    Term("购物金 / 购物基金", "gòuwù jīn / gòuwù jījīn", "shopping gold: a locked balance credited "
         "to a winner, \"an amount to be returned\", paid back only by releases",
         ("rewards.winner_shopping_gold_rate",), "RULEBOOK §5.1 (A17)",
         "「百分百的“购物金”」 is winner_shopping_gold_rate = 1.0"),
    Term("储蓄金", "chǔxù jīn", "savings money: 鸟哥笔记 2021's name for shopping gold",
         ("rewards.winner_shopping_gold_rate",), "RULEBOOK §12 (A42)"),
    Term("待返金额 / 全返", "dài fǎn jīn'é / quán fǎn", "an amount to be returned / returned in "
         "full: the promise shopping gold makes", ("rewards.winner_shopping_gold_rate",),
         "RULEBOOK §5.1"),
    Term("零钱", "língqián", "the wallet: the cash balance, the only one that can be withdrawn",
         ("withdrawal.min_yuan", "withdrawal.fee_rate"), "RULEBOOK §5.1 (A17)"),
    Term("分红积分", "fēnhóng jīfēn", "dividend points: a winner's share in the monthly "
         "dividend; never withdrawn", ("rewards.winner_dividend_points_rate",), "RULEBOOK §6.1"),
    Term("积分池", "jīfēn chí", "the points pool: where dividend points go to share in the "
         "monthly dividend, by a monthly calendar", ("points.move_to_pool",
                                                      "points.calendar_start"),
         "RULEBOOK §6.2 (A23)"),
    Term("消费积分 / 商城积分", "xiāofèi jīfēn / shāngchéng jīfēn", "consumption points (mall "
         "points) to every seat", ("rewards.consumption_points_rate",
                                   "points.consumption_point_value_yuan"), "RULEBOOK §7 (A28)"),
    Term("盲盒", "mánghé", "a blind box for winners", (), "RULEBOOK §4.1 (A16)",
         "not modelled: no cost is given"),
    Term("广告补贴", "guǎnggào bǔtiē", "an \"ad subsidy\" for losers (社交电商系统百科 2025)", (),
         "RULEBOOK §4.2 (A16)", "not modelled: no amount is given"),
    # -- release of shopping gold -------------------------------------------------------------
    Term("释放", "shìfàng", "release: shopping gold moved into the wallet",
         ("release.per_play_rate", "release.static_daily_rate"), "RULEBOOK §5.3, §5.4"),
    Term("静态释放", "jìngtài shìfàng", "static release: a share of the balance released every "
         "night", ("release.static_daily_rate",), "RULEBOOK §5.3 (A19)",
         "「万分之三」 is 0.0003; 「每天静态释放1%」 is 0.01"),
    Term("动态释放 / 动态释放一", "dòngtài shìfàng", "dynamic release 1: each of one's own plays, "
         "win or lose, releases a share of P (or a fixed amount)",
         ("release.per_play_rate", "release.per_play_yuan"), "RULEBOOK §5.4 (A14)",
         "「释放5%」 is per_play_rate = 0.05; 「每次参团释放2元」 is per_play_yuan = 2"),
    Term("动态释放二 / 下级参团加速释放", "dòngtài shìfàng èr", "dynamic release 2: a downline's "
         "play releases the upline's shopping gold", ("downline_release.direct_yuan",
                                                       "downline_release.indirect_yuan"),
         "RULEBOOK §5.5 (A21)"),
    Term("加速释放", "jiāsù shìfàng", "accelerated release: read as dynamic release 1",
         ("release.per_play_rate",), "RULEBOOK §5.3 (A20)"),
    Term("刚性兑付", "gāngxìng duìfù", "rigid redemption: a release promised as cash",
         ("release.per_play_rate",), "RULEBOOK §5.1"),
    # -- dividends -----------------------------------------------------------------------------
    Term("分红池 / 拨比", "fēnhóng chí / bōbǐ", "a dividend pool, and the allocation: the share "
         "of each draw set aside for it", ("pools.daily_rate", "pools.monthly_rate",
                                           "pools.monthly_yuan_per_draw"), "RULEBOOK §6.2, §6.4"),
    Term("日分红", "rì fēnhóng", "the daily dividend: a share of the winners' stakes, paid the "
         "next night to that day's winners", ("pools.daily_rate",), "RULEBOOK §6.4 (A27)",
         "「每次开奖拿出2%作为今/天的日分红奖金池」 is daily_rate = 0.02"),
    Term("月分红 / 加权分红", "yuè fēnhóng / jiāquán fēnhóng", "the monthly (weighted) dividend: "
         "a share of each draw, or a fixed amount, paid by dividend points in the pool",
         ("pools.monthly_rate", "pools.monthly_yuan_per_draw"), "RULEBOOK §6.2 (A26)",
         "「预留10元给中奖人做月分红」 is monthly_yuan_per_draw = 10"),
    # -- recruitment and commissions -----------------------------------------------------------
    Term("推广员", "tuīguǎng yuán", "promoter: a status valid for some days, which commissions "
         "require", ("commission.require_promoter",), "RULEBOOK §8 (A29)"),
    Term("分销 / 二级分销", "fēnxiāo / èr jí fēnxiāo", "commission; two-level commission, to the "
         "direct and the indirect upline, on every seat, win or lose",
         ("commission.level1_rate", "commission.level2_rate"), "RULEBOOK §10.1, §10.2",
         "「一级2%，二级1%」 is level1_rate = 0.02, level2_rate = 0.01"),
    Term("直推 / 直推上级 / 一级", "zhí tuī", "direct: the upline one level up, and the level-1 "
         "commission it is paid", ("commission.level1_rate", "commission.level1_yuan",
                                   "downline_release.direct_yuan"), "RULEBOOK §10.2"),
    Term("间推 / 间推上级 / 二级", "jiàn tuī", "indirect: the upline two levels up, and the "
         "level-2 commission", ("commission.level2_rate", "commission.level2_yuan",
                                "downline_release.indirect_yuan"), "RULEBOOK §10.2"),
    Term("上级 / 下级", "shàngjí / xiàjí", "upline / downline in the recruitment tree",
         ("chain.complete",), "RULEBOOK §10.1",
         "「10个人都有上级」: the worked examples assume every seat has both uplines"),
    Term("级差 / 极差", "jíchā", "differential: a higher tier earns its amount minus what lower "
         "tiers already took", ("team.tier1_rate", "team.tier2_rate", "team.tier3_rate"),
         "RULEBOOK §10.3 (A38)"),
    Term("团队级差奖励 / V1 / V2", "tuánduì jíchā jiǎnglì", "the team differential, by share of "
         "P: V1 (tier 1) below V2 (tier 2)", ("team.tier1_rate", "team.tier2_rate",
                                              "team.tier1_share", "team.tier2_share"),
         "RULEBOOK §10.2, §1.1 (A1)"),
    Term("合伙人 / 联创 / 董事", "héhuǒrén / liánchuàng / dǒngshì", "partner / co-founder / "
         "director: the team tiers 1-3 of privilege mode, fixed yuan per seat",
         ("team.tier1_yuan", "team.tier2_yuan", "team.tier3_yuan", "team.tier3_share"),
         "RULEBOOK §10.2, §1.1 (A1)"),
    Term("店铺奖励", "diànpù jiǎnglì", "store tiers: a differential ladder of its own",
         ("store.tier1_rate", "store.tier2_rate", "store.tier3_rate", "store.tier1_share"),
         "RULEBOOK §10.3 (A39)"),
    Term("区域代理 / 省代 / 市代 / 区代", "qūyù dàilǐ / shěng dài / shì dài / qū dài",
         "regional agents of a province, a city, a district, paid by differential on every "
         "seat in their area", ("regional.province_rate", "regional.city_rate",
                                "regional.district_rate", "regional.agents"),
         "RULEBOOK §10.2, §10.3 (A46)", "「省代3%、市代2、区代1%」; fixed amounts in *_yuan"),
    Term("区域订单提成", "qūyù dìngdān tíchéng", "regional order commission: the regional layer, "
         "by the seat's region", ("regional.districts_per_city", "regional.cities_per_province"),
         "RULEBOOK §10.3"),
    Term("会员制大礼包 / 礼包 / 升级大礼包", "huìyuánzhì dà lǐbāo", "membership gift packages: "
         "buying one confers an identity", ("gift.vip_price_yuan", "gift.special_price_yuan",
                                            "gift.cofounder_price_yuan", "gift.agent_price_yuan",
                                            "gift.product_cost_ratio"), "RULEBOOK §11 (A40)"),
    Term("VIP会员 / 特约 / 联创 (身份)", "tèyuē / liánchuàng", "the gift-package identities, "
         "and the share of newcomers who buy each", ("gift.vip_share", "gift.special_share",
                                                     "gift.cofounder_share", "gift.agent_share"),
         "RULEBOOK §11 (A40)"),
    Term("礼包推广收益", "lǐbāo tuīguǎng shōuyì", "package promotion income: commission on a "
         "downline's package", ("gift.referral_level1_rate", "gift.referral_level2_rate",
                                "gift.ordinary_earn_group_commission"), "RULEBOOK §11 (A41)"),
    Term("7+21 / 大区", "qī jiā èrshíyī / dà qū", "the recruitment funnel of 怎么做社交电商怎么起步: "
         "a 7-day warm-up, then 21 days of tasks, in each region", ("funnel.enabled",
                                                                 "funnel.regions",
                                                                 "funnel.group_size"),
         "RULEBOOK §2.1"),
    # -- hidden rules ---------------------------------------------------------------------------
    Term("拼团隐藏规则 / 操盘隐含规则", "yǐncáng guīzé", "the hidden rules: who must lose, not "
         "told to the customers", ("hidden.first_of_day_loses", "hidden.new_user_loses"),
         "RULEBOOK §9.1", "rules 1-5 below; all off by default"),
    Term("必不中", "bì bù zhòng", "a forced loss: the member is sure to lose, which pays",
         ("hidden.privilege_losses", "hidden.streak_losses"), "RULEBOOK §9.1"),
    Term("当天第一次参与拼团并且排位第一", "dāngtiān dì yī cì", "hidden rule 1: the first play of "
         "the day in first position loses", ("hidden.first_of_day_loses",
                                             "hidden.literal_seat1"), "RULEBOOK §9.1 (A30)"),
    Term("新人首次参与且排位第一", "xīnrén shǒu cì", "hidden rule 2: a new user's first play in "
         "first position loses", ("hidden.new_user_loses",), "RULEBOOK §9.1 (A30)"),
    Term("连续中奖", "liánxù zhòngjiǎng", "hidden rule 3: after K wins in a row, M forced "
         "losses", ("hidden.streak_wins", "hidden.streak_losses"), "RULEBOOK §9.1"),
    Term("特权 / 不中奖特权 / 累计中奖", "tèquán / bù zhòngjiǎng tèquán", "the no-win privilege "
         "(hidden rule 4): after K wins in all, M forced losses in a row, each paying the "
         "loser's rewards", ("hidden.privilege_after_wins", "hidden.privilege_losses",
                             "hidden.privilege_rearm"), "RULEBOOK §9.1, §14.3 (A32)",
         "「累计中10次，获得200次连续必不中」 is privilege_after_wins = 10, privilege_losses = 200"),
    Term("X次内最多中Y次", "X cì nèi zuì duō zhòng Y cì", "hidden rule 5: at most Y wins in a "
         "block of X plays", ("hidden.window_plays", "hidden.window_max_wins"),
         "RULEBOOK §9.1 (A34)", "「5次zui多中一次」 is window_plays = 5, window_max_wins = 1"),
    Term("特权冲突 / 成团流失 / 随机开奖", "tèquán chōngtū / chéngtuán liúshī / suíjī kāijiǎng",
         "a privilege conflict, and its two resolutions: the group fails and reopens, or the "
         "draw goes ahead at random", ("hidden.conflict", "hidden.void_permanently"),
         "RULEBOOK §9.3 (A35)"),
    # -- withdrawals and the operator's levers ------------------------------------------------
    Term("提现 / 提现门槛 / 起提", "tíxiàn / tíxiàn ménkǎn / qǐ tí", "withdrawal, and the "
         "smallest withdrawal accepted: 「100元起提」 is 100 yuan",
         ("withdrawal.min_yuan", "withdrawal.min_end_yuan"), "RULEBOOK §13.1"),
    Term("手续费 / 提现手续费", "shǒuxùfèi", "the fee kept on each withdrawal",
         ("withdrawal.fee_rate", "withdrawal.fee_end_rate"), "RULEBOOK §13.1",
         "「提现手续费6.5%」 is fee_rate = 0.065"),
    Term("逐渐过渡 / 控盘", "zhújiàn guòdù / kòng pán", "moving gradually: the minimum and the fee "
         "raised over time, a method of controlling the plate",
         ("withdrawal.ramp_days", "withdrawal.min_end_yuan", "withdrawal.fee_end_rate"),
         "RULEBOOK §13.1 (A43)"),
    Term("虚拟产品 / 读书卡 / 购物币", "xūnǐ chǎnpǐn / dúshū kǎ / gòuwù bì", "the "
         "virtual-product trick: a virtual card plus shopping coins, spent on goods with coins "
         "plus cash", ("rewards.virtual_product", "rewards.virtual_cost_yuan",
                       "rewards.virtual_cash_share"), "RULEBOOK §13.2 (A44)"),
    Term("广告收益 / 广告位", "guǎnggào shōuyì", "ad revenue per active member, as the "
         "documents claim it", ("ads.yuan_per_active_member_month",), "RULEBOOK §13.3",
         "0 by default: no source backs it"),
    Term("分红积分兑换产品", "jīfēn duìhuàn chǎnpǐn", "exchanging points for products", (),
         "RULEBOOK §6.2 (A24)", "not modelled: no rate is given; points are valued at 0"),
)


def fields() -> list[str]:
    """Every field the glossary names, once each, in order."""
    return list(dict.fromkeys(f for term in TERMS for f in term.fields))


def text() -> str:
    """The glossary as ``pingou show --glossary`` prints it: one block per term."""
    lines = ["# The brochures' Chinese terms and the scenario fields that carry them",
             "# (set a field in a scenario file, or with --set section.field=value; the rulebook",
             "# section gives the rule and the brochure's words: docs/rulebook.md).", ""]
    for term in TERMS:
        lines.append(f"{term.zh} ({term.pinyin}): {_plain(term.en)}")
        lines.append(f"    fields: {', '.join(term.fields) if term.fields else '(none)'}  "
                     f"[{term.ref}]")
        if term.note:
            lines.append(f"    {_plain(term.note)}")
    return "\n".join(lines) + "\n"


def markdown(link: Callable[[str], str] | None = None) -> str:
    """The glossary as ``docs/glossary.md``: a table, one row a term. ``link(ref)`` turns a
    reference ("RULEBOOK §5.3 (A19)") into its Markdown (with links); by default the text."""
    link = link or (lambda ref: ref)
    rows = ["# Glossary: the brochures' words and the fields that carry them", "",
            "The words the schemes' brochures use (as [the rulebook](rulebook.md) quotes them), "
            "what each means as the model reads it, and the scenario fields to set for it "
            "(`section.field`, as `pingou show` prints them and `--set` takes them). A term "
            "with no field is one the model leaves out, and the note says why. "
            "`pingou show --glossary` prints the same list.", "",
            "This page is written from `sim/scheme/glossary.py` by `python docs/glossary.py "
            "--write`; a test fails when the two disagree.", "",
            "| Chinese | pinyin | what it means | fields | rulebook | note |",
            "|---|---|---|---|---|---|"]
    for term in TERMS:
        cells = [term.zh, term.pinyin, term.en,
                 ", ".join(f"`{f}`" for f in term.fields) or "none", link(term.ref), term.note]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows) + "\n"


def _plain(text: str) -> str:
    return text.replace("**", "")


if __name__ == "__main__":  # pragma: no cover
    print(text(), end="")
