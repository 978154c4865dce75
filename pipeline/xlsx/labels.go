package xlsx

import (
	"strings"

	"ogi/schema"
)

// labels are the Chinese headers and formats of the columns ogi writes:
// the dataset's tables, comparisons, coverage lists and summaries.
var labels = map[string]Column{
	// identifiers and places
	"report_id": {Zh: "报告编号"}, "code": {Zh: "区划代码"}, "division_code": {Zh: "区划代码"},
	"name": {Zh: "名称"}, "province_code": {Zh: "省级代码"}, "parent_code": {Zh: "上级代码"},
	"parent_name": {Zh: "上级名称"}, "level": {Zh: "层级"}, "portal_code": {Zh: "门户代码"},
	"agency": {Zh: "机关"}, "scope": {Zh: "报告范围"}, "year": {Zh: "年度", Format: Integer},
	"obliged": {Zh: "应当公开"},
	// reports
	"source_url": {Zh: "来源地址"}, "final_url": {Zh: "最终地址"}, "fetched_at": {Zh: "抓取时间", Format: DateTime},
	"sha256": {Zh: "SHA-256"}, "content_type": {Zh: "内容类型"}, "title": {Zh: "标题"}, "template": {Zh: "模板"},
	"status": {Zh: "状态"}, "reason": {Zh: "原因"}, "detail": {Zh: "说明"},
	"checks_failed": {Zh: "未通过校验数", Format: Integer}, "soft_checks_failed": {Zh: "未通过提示性校验数", Format: Integer},
	"extractor_version": {Zh: "提取器版本"}, "is_current": {Zh: "最新版本"}, "is_primary": {Zh: "用于比较"},
	"gone": {Zh: "已撤下"}, "published": {Zh: "发布日期", Format: Date}, "published_source": {Zh: "日期来源"},
	// table rows and cells
	"row_key": {Zh: "行"}, "col_key": {Zh: "列"}, "grp": {Zh: "类别"}, "key": {Zh: "指标"},
	"value": {Zh: "数值", Format: Decimal}, "unit": {Zh: "单位"}, "amount_wan": {Zh: "金额（万元）", Format: Decimal},
	"check_id": {Zh: "校验"}, "severity": {Zh: "级别"}, "ok": {Zh: "通过"},
	"expected": {Zh: "应为", Format: Decimal}, "actual": {Zh: "实际", Format: Decimal},
	"table": {Zh: "表"}, "raw_text": {Zh: "原文"}, "blank": {Zh: "空白"}, "positional": {Zh: "按位置推断"},
	"locator": {Zh: "位置"}, "side": {Zh: "边"}, "block": {Zh: "栏目"}, "column_label": {Zh: "列名"},
	"comparable_key": {Zh: "可比指标"}, "note": {Zh: "备注"}, "doc": {Zh: "说明"},
	// fetches
	"url": {Zh: "地址"}, "bytes": {Zh: "字节", Format: Integer}, "etag": {Zh: "ETag"},
	"last_modified": {Zh: "最后修改"}, "error": {Zh: "错误"}, "kind": {Zh: "类型"},
	// comparisons
	"rank": {Zh: "排名", Format: Integer}, "numerator": {Zh: "分子", Format: Integer},
	"denominator": {Zh: "分母", Format: Integer}, "small_denominator": {Zh: "分母过小"},
	"reports": {Zh: "报告数", Format: Integer}, "unverified": {Zh: "未核实数", Format: Integer},
	"unverified_reasons": {Zh: "未核实原因"}, "reason_rows": {Zh: "行数", Format: Integer}, "rows": {Zh: "行数", Format: Integer},
	"change": {Zh: "较上年变化", Format: Percent}, "previous": {Zh: "上年", Format: Percent},
	// coverage and timeliness
	"deadline": {Zh: "截止日期", Format: Date}, "on_time": {Zh: "按时"}, "days_late": {Zh: "逾期天数", Format: Integer},
	"crawled": {Zh: "已抓取"}, "failed_urls": {Zh: "抓取失败页面", Format: Integer},
	"published_count": {Zh: "已公开", Format: Integer}, "failed": {Zh: "无法读取", Format: Integer},
	"missing": {Zh: "未公开", Format: Integer}, "fetch_failed": {Zh: "抓取失败", Format: Integer},
	"not_crawled": {Zh: "未抓取", Format: Integer}, "coverage_rate": {Zh: "公开率", Format: Percent},
	"not_due": {Zh: "未到期（截至抓取时尚未过公开期限）", Format: Integer}, "last_fetched": {Zh: "最后抓取日期", Format: Date},
	"late": {Zh: "逾期", Format: Integer}, "date_unknown": {Zh: "日期不明", Format: Integer},
	"on_time_rate": {Zh: "按时公开率", Format: Percent}, "new_received": {Zh: "本年新收申请", Format: Integer},
	"total_processed": {Zh: "办结", Format: Integer},
}

// Columns gives the headers and formats of result columns. A column ogi
// does not know keeps its name in both header rows. rates names the
// columns that hold rates (Percent) whatever the dictionary says: a
// comparison's value column is a rate.
func Columns(keys []string, rates ...string) []Column {
	out := make([]Column, len(keys))
	for i, k := range keys {
		c, ok := labels[k]
		if !ok {
			c = tableColumn(k)
		}
		c.Key = k
		for _, r := range rates {
			if r == k {
				c.Format = Percent
			}
		}
		out[i] = c
	}
	return out
}

// tableColumn labels the count columns of tables 三 and 四 from the
// template declarations (自然人, 结果维持 …), and any *_rate as a rate.
func tableColumn(k string) Column {
	for _, t := range schema.Templates() {
		for _, c := range t.ApplicationColumns {
			if c.Key == k {
				return Column{Zh: c.Label, Format: Integer}
			}
		}
		for _, f := range t.ReviewFields {
			if f.Key == k {
				return Column{Zh: f.Label, Format: Integer}
			}
		}
	}
	if strings.HasSuffix(k, "_rate") || strings.HasSuffix(k, "_share") {
		return Column{Zh: k, Format: Percent}
	}
	return Column{Zh: k}
}
