"""The sellers' own figures for one draw, as published, keyed by preset name (RULEBOOK §16).

Each figure names the line of :mod:`sim.analysis.brochure` it states, the amount in fen, the
brochure's own words, and, where the rulebook's audit finds it wrong, the audit's reading.
The two documents (RULEBOOK §0.1): 微三云模式解析, the product page of 微二云网络科技有限公司 that
sells the 全民拼购 system (undated), and 鸟哥笔记 2021, an article of 16 June 2021. The figures
are typed in from the sources as quoted in RULEBOOK §16; nothing here is computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Figure:
    line: str  # a line of sim.analysis.brochure.DrawLines.values(), e.g. "seller_profit_fen"
    published_fen: int
    quote: str  # the brochure's words
    note: str = ""  # why it does not hold (RULEBOOK §16), or how it is read
    relation: Literal["=", ">"] = "="  # "=": a figure; ">": a claim the line is above it


@dataclass(frozen=True)
class Example:
    title: str
    source: str
    ref: str
    figures: tuple[Figure, ...]


FILE_002 = "微三云模式解析, the product page of 微二云网络科技有限公司, undated (RULEBOOK §0.1)"
FILE_000 = ("鸟哥笔记 2021: 「社交电商新零售：2021新的经济风口的开始，拼团抽奖模式」, 鸟哥笔记, "
            "16 June 2021 (RULEBOOK §0.1)")

EXAMPLES: dict[str, Example] = {
    "case-1": Example(
        title="Case 1 (案例一): product cost 30%", source=FILE_002, ref="RULEBOOK §16.1, §16.3",
        figures=(
            Figure("income_fen", 30000, "中奖3人，共收入300元"),
            Figure("products_fen", 9000, "成本3折， 30元 * 3 = 90元"),
            Figure("loser_rewards_fen", 2100, "不中奖7个人，每人退回拼团金再返现金3元，共奖励21元"),
            Figure("releases_fen", 5000, "购物基金每人释放5%就是5元（假设之前都中过奖有购物基金余额）"
                   "…共需要释放给用户提现成现金刚性兑付金额50元"),
            Figure("monthly_pool_fen", 900, "每次开奖拿3%作为每月分红积分的加权分红…本次开奖月分红池拨比9元"),
            Figure("daily_pool_fen", 600, "每次开奖拿出2%作为今天的日分红奖金池，即本次开奖日分红池拨比6元"),
            Figure("commissions_fen", 7000, "分销共拨比7%，即7元，10个人都有上级，总拨比70元"),
            Figure("outflow_fen", 24600, "合计：出账总金额：246元"),
            Figure("seller_profit_fen", 5100, "平台净利润=入账-出账=300元-246元=51元",
                   note="An arithmetic error: 300 - 246 = 54, not 51 (RULEBOOK §16.1)."),
        )),
    "case-2": Example(
        title="Case 2 (案例二): product cost 60%", source=FILE_002, ref="RULEBOOK §16.2, §16.3",
        figures=(
            Figure("income_fen", 30000, "中奖3人，共收入300元"),
            Figure("products_fen", 18000, "成本6折， 60元 * 3 = 180元"),
            Figure("loser_rewards_fen", 1400, "每人退回拼团金再返现金2元，共奖励14元"),
            Figure("releases_fen", 3000, "购物基金每人释放3%就是3元…共需要释放给用户提现成现金刚性兑付金额30元"),
            Figure("monthly_pool_fen", 600, "每次开奖拿2%作为每月分红积分的加权分红…本次开奖月分红池拨6元"),
            Figure("daily_pool_fen", 600, "每次开奖拿出2%作为今天的日分红奖金池，即本次开奖日分红池拨比6元"),
            Figure("commissions_fen", 3500, "分销共拨比3.5%，即3.5元，10个人都有上级，总拨比35元"),
            Figure("outflow_fen", 27100, "合计：出账总金额：271元"),
            Figure("seller_profit_fen", 2900, "平台净利润=入账-出账=300元-271元=29元"),
        )),
    "privilege-mode": Example(
        title="Privilege mode (特权模式), platform side", source=FILE_002, ref="RULEBOOK §16.4",
        figures=(
            Figure("income_fen", 20000, "200-90-40-30=40元"),
            Figure("loser_rewards_fen", 9000, "不中奖奖励：9人共90元"),
            Figure("products_fen", 4000, "产品1个加快递费：40元"),
            Figure("commissions_fen", 3000, "分销奖励30元，一级1元二级0.5元，团队极差奖励董事1.5元/联创1元/"
                   "合伙人0.5元，市代0.5元",
                   note="The rates it lists give 1 + 0.5 + 1.5 + 0.5 = 3.5 yuan a seat by "
                        "differential, 35 for 10 seats (50 if the team tiers added up); neither "
                        "is 30 (RULEBOOK §16.4)."),
            Figure("profit_before_monthly_pool_fen", 4000, "200-90-40-30=40元",
                   note="Right given its own 30-yuan commission line; with the commission its "
                        "rates give, 200 - 90 - 40 - 35 = 35 (RULEBOOK §16.4)."),
            Figure("monthly_pool_fen", 1000, "预留10元给中奖人做月分红"),
            Figure("seller_profit_fen", 3000, "平台每开奖一次200元团赚30元",
                   note="40 - 10 = 30 given its own lines; with the commission its rates give, "
                        "25 (RULEBOOK §16.4)."),
        )),
    "static-dynamic": Example(
        title="Static + dynamic release (附二), platform side", source=FILE_002,
        ref="RULEBOOK §16.6",
        figures=(
            Figure("income_fen", 10000, "平台收益：收入100元"),
            Figure("loser_rewards_fen", 900, "不中奖奖励9人，共9元"),
            Figure("products_fen", 2000, "产品成本：20元"),
            Figure("releases_static_fen", 100, "静态释放1元",
                   note="Static release is paid per member per night, not per draw; read as one "
                        "night's 1% on the 100 yuan of shopping gold this draw credits "
                        "(RULEBOOK §16.6)."),
            Figure("releases_per_play_fen", 2000, "参团动态释放20元"),
            Figure("releases_direct_downline_fen", 1000, "直推下级参团释放10元"),
            Figure("releases_indirect_downline_fen", 1500, "间推下级参团释放15元",
                   note="10 seats x 0.5 yuan = 5; the 15 is 30 x 0.5, the user side's head count "
                        "of indirect downlines (RULEBOOK §16.6)."),
            Figure("commissions_fen", 500, "分销：5元"),
            Figure("seller_profit_fen", 2200, "每次开奖平台利润：22元",
                   note="Matches neither the brochure's own lines (100 - 80 = 20) nor the "
                        "corrected ones (100 - 70 = 30) (RULEBOOK §16.6)."),
        )),
    "lottery-5-2": Example(
        title="The merchant's pitch for the 5-join-2-win lottery", source=FILE_000,
        ref="RULEBOOK §12, §16.5",
        figures=(
            Figure("seller_profit_fen", 0, "作为商家，告诉你2个产品引流五个消费者，不但不亏钱，还有钱赚",
                   relation=">",
                   note="Holds only in the seller's view, which counts the winners' stakes as "
                        "income although they become savings money the same article promises "
                        "back in full (RULEBOOK §16.5)."),
            Figure("accrual_result_fen", 0, "不但不亏钱，还有钱赚 … 参与的钱都全返", relation=">",
                   note="Once the savings are repaid the platform is down 2cP + 30 yuan a draw: "
                        "-89.40 at P = 99 and c = 0.3 (RULEBOOK §16.5)."),
        )),
}
