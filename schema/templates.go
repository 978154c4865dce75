package schema

import "sync"

// Keywords below are matched against labels after normalisation: simplified
// characters, full-width ASCII narrowed ("（" → "("), white space removed.

func applicationColumns() []Column {
	return []Column{
		{Key: "natural_person", Label: "自然人", Keywords: []string{"自然人"}},
		{Key: "commercial", Label: "商业企业", Keywords: []string{"商业企业"}},
		{Key: "research", Label: "科研机构", Keywords: []string{"科研机构"}},
		{Key: "social_org", Label: "社会公益组织", Keywords: []string{"社会公益组织", "公益组织"}},
		{Key: "legal_service", Label: "法律服务机构", Keywords: []string{"法律服务机构"}},
		{Key: "other_org", Label: "其他", Keywords: []string{"其他"}},
		{Key: "total", Label: "总计", Keywords: []string{"总计", "合计"}},
	}
}

func applicationGroups() []Group {
	return []Group{
		{Key: "denied", Label: "（三）不予公开", Keywords: []string{"不予公开"}},
		{Key: "unable", Label: "（四）无法提供", Keywords: []string{"无法提供"}},
		{Key: "not_processed", Label: "（五）不予处理", Keywords: []string{"不予处理"}},
		{Key: "other", Label: "（六）其他处理", Keywords: []string{"其他处理"}},
	}
}

// rowsHead are the table 三 rows up to and including (五) that both
// templates share.
func rowsHead() []Row {
	return []Row{
		{Key: "new_received", Label: "一、本年新收政府信息公开申请数量", Keywords: []string{"本年新收", "新收"}},
		{Key: "carried_in", Label: "二、上年结转政府信息公开申请数量", Keywords: []string{"上年结转", "上年度结转"}},
		{Key: "granted", Label: "（一）予以公开", Keywords: []string{"予以公开"}, Exclude: []string{"部分", "不予"}, Outcome: true},
		{Key: "partially_granted", Label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", Keywords: []string{"部分公开"}, Outcome: true},
		{Key: "denied_state_secret", Label: "1.属于国家秘密", Group: "denied", Keywords: []string{"国家秘密"}, Outcome: true},
		{Key: "denied_law_prohibited", Label: "2.其他法律行政法规禁止公开", Group: "denied", Keywords: []string{"禁止公开", "法规禁止", "行政止公开", "法律行政"}, Outcome: true},
		{Key: "denied_three_safeties", Label: "3.危及“三安全一稳定”", Group: "denied", Keywords: []string{"三安全", "一稳定", "危及"}, Outcome: true},
		{Key: "denied_third_party", Label: "4.保护第三方合法权益", Group: "denied", Keywords: []string{"第三方"}, Outcome: true},
		{Key: "denied_internal_affairs", Label: "5.属于三类内部事务信息", Group: "denied", Keywords: []string{"内部事务"}, Outcome: true},
		{Key: "denied_process_info", Label: "6.属于四类过程性信息", Group: "denied", Keywords: []string{"过程性"}, Outcome: true},
		{Key: "denied_enforcement_file", Label: "7.属于行政执法案卷", Group: "denied", Keywords: []string{"执法案卷", "案卷"}, Outcome: true},
		{Key: "denied_admin_query", Label: "8.属于行政查询事项", Group: "denied", Keywords: []string{"查询"}, Outcome: true},
		{Key: "unable_not_held", Label: "1.本机关不掌握相关政府信息", Group: "unable", Keywords: []string{"不掌握"}, Outcome: true},
		{Key: "unable_needs_creation", Label: "2.没有现成信息需要另行制作", Group: "unable", Keywords: []string{"另行制作", "现成"}, Outcome: true},
		{Key: "unable_unclear", Label: "3.补正后申请内容仍不明确", Group: "unable", Keywords: []string{"不明确"}, Outcome: true},
		{Key: "not_processed_petition", Label: "1.信访举报投诉类申请", Group: "not_processed", Keywords: []string{"信访", "举报", "投诉"}, Outcome: true},
		{Key: "not_processed_repeat", Label: "2.重复申请", Group: "not_processed", Keywords: []string{"重复申请"}, Exclude: []string{"大量"}, Outcome: true},
		{Key: "not_processed_publication", Label: "3.要求提供公开出版物", Group: "not_processed", Keywords: []string{"出版物"}, Outcome: true},
		{Key: "not_processed_mass_repeat", Label: "4.无正当理由大量反复申请", Group: "not_processed", Keywords: []string{"大量", "反复申请"}, Outcome: true},
		{Key: "not_processed_reissue", Label: "5.要求行政机关确认或重新出具已获取信息", Group: "not_processed", Keywords: []string{"重新出具", "确认或", "已获取"}, Outcome: true},
	}
}

// rowsTail are the rows after (六) that both templates share.
func rowsTail() []Row {
	return []Row{
		{Key: "total_processed", Label: "（七）总计", Keywords: []string{"(七)", "总计", "合计"}},
		{Key: "carried_out", Label: "四、结转下年度继续办理", Keywords: []string{"结转下年", "结转下一年", "继续办理"}},
	}
}

func reviewGroups() []ReviewGroup {
	return []ReviewGroup{
		{Key: "review", Label: "行政复议", Keywords: []string{"行政复议"}},
		{Key: "lit_direct", Label: "未经复议直接起诉", Keywords: []string{"未经复议", "直接起诉"}},
		{Key: "lit_after_review", Label: "复议后起诉", Keywords: []string{"复议后起诉", "复议后"}},
	}
}

func reviewFields() []ReviewField {
	return []ReviewField{
		{Key: "upheld", Label: "结果维持", Keywords: []string{"维持"}},
		{Key: "corrected", Label: "结果纠正", Keywords: []string{"纠正"}},
		{Key: "other", Label: "其他结果", Keywords: []string{"其他结果", "其他"}},
		{Key: "pending", Label: "尚未审结", Keywords: []string{"尚未审结", "未审结"}},
		{Key: "total", Label: "总计", Keywords: []string{"总计", "合计"}},
	}
}

// Template2021 is the format of 国办公开办函〔2021〕30号, used for report
// years 2021 onwards. Each call returns a copy of the one declaration: a
// caller may change its copy (to derive a variant) without changing what
// any other reader sees.
func Template2021() *Template { return template2021().Clone() }

// Template2019 is the trial format of 国办公开办函〔2019〕60号, used for
// report years 2019 and 2020 (and by some later reports). A copy, like
// Template2021.
func Template2019() *Template { return template2019().Clone() }

// The declarations are built once and never handed out: readers get
// copies (Clone), so nothing outside this package can change them.
var (
	template2021 = sync.OnceValue(declare2021)
	template2019 = sync.OnceValue(declare2019)
)

func declare2021() *Template {
	rows := rowsHead()
	rows = append(rows,
		Row{Key: "other_no_correction", Label: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", Group: "other", Keywords: []string{"不补正", "逾期不补"}, Outcome: true},
		Row{Key: "other_fee_unpaid", Label: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", Group: "other", Keywords: []string{"收费通知", "缴纳费用", "缴纳"}, Outcome: true},
		Row{Key: "other_other", Label: "3.其他", Group: "other", Keywords: []string{"其他"}, Exclude: []string{"补正", "收费", "缴纳"}, Outcome: true},
	)
	rows = append(rows, rowsTail()...)
	rules := []string{"规章"}
	norm := []string{"规范性文件", "规范性档案"} // 規範性檔案 in traditional (Taiwan) wording
	return &Template{
		ID:      V2021,
		Markers: []string{"本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "本年处理决定数量"},
		Active: []ActiveField{
			{Key: "regulations_issued", Block: "第二十条第（一）项", Row: "规章", RowKeywords: rules, RowExclude: norm, Column: "本年制发件数", ColKeywords: []string{"制发"}},
			{Key: "regulations_repealed", Block: "第二十条第（一）项", Row: "规章", RowKeywords: rules, RowExclude: norm, Column: "本年废止件数", ColKeywords: []string{"废止"}},
			{Key: "regulations_in_force", Block: "第二十条第（一）项", Row: "规章", RowKeywords: rules, RowExclude: norm, Column: "现行有效件数", ColKeywords: []string{"现行有效", "有效件数"}},
			{Key: "normative_docs_issued", Block: "第二十条第（一）项", Row: "行政规范性文件", RowKeywords: norm, Column: "本年制发件数", ColKeywords: []string{"制发"}},
			{Key: "normative_docs_repealed", Block: "第二十条第（一）项", Row: "行政规范性文件", RowKeywords: norm, Column: "本年废止件数", ColKeywords: []string{"废止"}},
			{Key: "normative_docs_in_force", Block: "第二十条第（一）项", Row: "行政规范性文件", RowKeywords: norm, Column: "现行有效件数", ColKeywords: []string{"现行有效", "有效件数"}},
			{Key: "licensing_decisions", Block: "第二十条第（五）项", Row: "行政许可", RowKeywords: []string{"行政许可"}, Column: "本年处理决定数量", ColKeywords: []string{"处理决定"}},
			{Key: "penalty_decisions", Block: "第二十条第（六）项", Row: "行政处罚", RowKeywords: []string{"行政处罚"}, Column: "本年处理决定数量", ColKeywords: []string{"处理决定"}},
			{Key: "coercion_decisions", Block: "第二十条第（六）项", Row: "行政强制", RowKeywords: []string{"行政强制"}, Column: "本年处理决定数量", ColKeywords: []string{"处理决定"}},
			{Key: "fees_amount_wan", Block: "第二十条第（八）项", Row: "行政事业性收费", RowKeywords: []string{"事业性收费", "行政事业"}, Column: "本年收费金额（单位：万元）", ColKeywords: []string{"收费金额"}, Decimal: true},
		},
		ApplicationColumns: applicationColumns(),
		ApplicationGroups:  applicationGroups(),
		ApplicationRows:    rows,
		ReviewGroups:       reviewGroups(),
		ReviewFields:       reviewFields(),
	}
}

func declare2019() *Template {
	rows := rowsHead()
	rows = append(rows, Row{Key: "other_processing", Label: "（六）其他处理", Keywords: []string{"其他处理"}, Outcome: true})
	rows = append(rows, rowsTail()...)
	rules := []string{"规章"}
	norm := []string{"规范性文件", "规范性档案"} // 規範性檔案 in traditional (Taiwan) wording
	prev := []string{"上一年项目数量", "上一年"}
	change := []string{"本年增", "增/减", "增减"}
	decisions := []string{"处理决定"}
	return &Template{
		ID:      V2019,
		Markers: []string{"本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "第二十条第(九)项", "政府集中采购"},
		Active: []ActiveField{
			{Key: "regulations_made", Block: "第二十条第（一）项", Row: "规章", RowKeywords: rules, RowExclude: norm, Column: "本年新制作数量", ColKeywords: []string{"新制作"}},
			{Key: "regulations_published", Block: "第二十条第（一）项", Row: "规章", RowKeywords: rules, RowExclude: norm, Column: "本年新公开数量", ColKeywords: []string{"新公开"}},
			{Key: "regulations_total_public", Block: "第二十条第（一）项", Row: "规章", RowKeywords: rules, RowExclude: norm, Column: "对外公开总数量", ColKeywords: []string{"公开总数"}},
			{Key: "normative_docs_made", Block: "第二十条第（一）项", Row: "规范性文件", RowKeywords: norm, Column: "本年新制作数量", ColKeywords: []string{"新制作"}},
			{Key: "normative_docs_published", Block: "第二十条第（一）项", Row: "规范性文件", RowKeywords: norm, Column: "本年新公开数量", ColKeywords: []string{"新公开"}},
			{Key: "normative_docs_total_public", Block: "第二十条第（一）项", Row: "规范性文件", RowKeywords: norm, Column: "对外公开总数量", ColKeywords: []string{"公开总数"}},
			{Key: "licensing_prev_items", Block: "第二十条第（五）项", Row: "行政许可", RowKeywords: []string{"行政许可"}, Column: "上一年项目数量", ColKeywords: prev},
			{Key: "licensing_change", Block: "第二十条第（五）项", Row: "行政许可", RowKeywords: []string{"行政许可"}, Column: "本年增/减", ColKeywords: change, Signed: true},
			{Key: "licensing_decisions", Block: "第二十条第（五）项", Row: "行政许可", RowKeywords: []string{"行政许可"}, Column: "处理决定数量", ColKeywords: decisions},
			{Key: "other_mgmt_prev_items", Block: "第二十条第（五）项", Row: "其他对外管理服务事项", RowKeywords: []string{"对外管理", "管理服务"}, Column: "上一年项目数量", ColKeywords: prev},
			{Key: "other_mgmt_change", Block: "第二十条第（五）项", Row: "其他对外管理服务事项", RowKeywords: []string{"对外管理", "管理服务"}, Column: "本年增/减", ColKeywords: change, Signed: true},
			{Key: "other_mgmt_decisions", Block: "第二十条第（五）项", Row: "其他对外管理服务事项", RowKeywords: []string{"对外管理", "管理服务"}, Column: "处理决定数量", ColKeywords: decisions},
			{Key: "penalty_prev_items", Block: "第二十条第（六）项", Row: "行政处罚", RowKeywords: []string{"行政处罚"}, Column: "上一年项目数量", ColKeywords: prev},
			{Key: "penalty_change", Block: "第二十条第（六）项", Row: "行政处罚", RowKeywords: []string{"行政处罚"}, Column: "本年增/减", ColKeywords: change, Signed: true},
			{Key: "penalty_decisions", Block: "第二十条第（六）项", Row: "行政处罚", RowKeywords: []string{"行政处罚"}, Column: "处理决定数量", ColKeywords: decisions},
			{Key: "coercion_prev_items", Block: "第二十条第（六）项", Row: "行政强制", RowKeywords: []string{"行政强制"}, Column: "上一年项目数量", ColKeywords: prev},
			{Key: "coercion_change", Block: "第二十条第（六）项", Row: "行政强制", RowKeywords: []string{"行政强制"}, Column: "本年增/减", ColKeywords: change, Signed: true},
			{Key: "coercion_decisions", Block: "第二十条第（六）项", Row: "行政强制", RowKeywords: []string{"行政强制"}, Column: "处理决定数量", ColKeywords: decisions},
			{Key: "fees_prev_items", Block: "第二十条第（八）项", Row: "行政事业性收费", RowKeywords: []string{"事业性收费", "行政事业"}, Column: "上一年项目数量", ColKeywords: prev},
			{Key: "fees_change", Block: "第二十条第（八）项", Row: "行政事业性收费", RowKeywords: []string{"事业性收费", "行政事业"}, Column: "本年增/减", ColKeywords: change, Signed: true},
			{Key: "procurement_items", Block: "第二十条第（九）项", Row: "政府集中采购", RowKeywords: []string{"集中采购"}, Column: "采购项目数量", ColKeywords: []string{"采购项目"}},
			{Key: "procurement_amount", Block: "第二十条第（九）项", Row: "政府集中采购", RowKeywords: []string{"集中采购"}, Column: "采购总金额", ColKeywords: []string{"采购总金额", "总金额"}, Decimal: true, Unit: true},
		},
		ApplicationColumns: applicationColumns(),
		ApplicationGroups:  applicationGroups(),
		ApplicationRows:    rows,
		ReviewGroups:       reviewGroups(),
		ReviewFields:       reviewFields(),
	}
}
