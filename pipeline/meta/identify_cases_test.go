package meta

import "strings"

// identifyCases are titles and texts as reports print them, with the
// jurisdiction each names: counties, districts and townships, provincial
// offices and departments, traditional renderings with pinyin debris,
// ambiguous names settled by a 索引号, and texts that name no agency.
var identifyCases = []struct {
	name, title, text string
	want              Jurisdiction
}{
	{
		name:  "county government by title",
		title: "招远市人民政府2023年政府信息公开工作年度报告",
		text:  "2023年，招远市坚持依法依规，推动全市政务公开工作再上新台阶。",
		want:  Jurisdiction{"招远市人民政府", "370685", ScopeGovAggregate, "county", "370000"},
	},
	{
		name: "traditional mirror text with pinyin debris, no title",
		text: preamble(
			"本報告根據《中華人民共和國政府信息公開條例》(國務院令第711號,以下簡稱《條例》)、《國務院辦公廳政府信息與政務公開辦公室關于印發(fā)<中華人民共和國政府信息公開工作年度報告格式>的通知》(國辦公開辦函〔2021〕30號)要求,結合2023年招遠市人民政府信息公開工作實際編制。本年度報告中所列數據統(tǒng)計期限從2023年1月1日到12月31日止。如對本報告有疑問,請與招遠市人民政府辦公室政務公開科聯系。",
			"一、總體情況",
			"招遠市堅持依法依規(guī)、標準引領,推動全市政務公開工作再上新臺階。"),
		want: Jurisdiction{"招远市人民政府", "370685", ScopeGovAggregate, "county", "370000"},
	},
	{
		name:  "simplified township name t2s would rewrite (於潜镇)",
		title: "杭州市临安区於潜镇人民政府2022年政府信息公开工作年度报告",
		want:  Jurisdiction{"杭州市临安区於潜镇人民政府", "330112", ScopeTownship, "county", "330000"},
	},
	{
		name:  "traditional title naming 乾縣",
		title: "乾縣人民政府2022年政府信息公開工作年度報告",
		want:  Jurisdiction{"乾县人民政府", "610424", ScopeGovAggregate, "county", "610000"},
	},
	{
		name:  "traditional title",
		title: "招遠市人民政府2023年政府信息公開工作年度報告",
		want:  Jurisdiction{"招远市人民政府", "370685", ScopeGovAggregate, "county", "370000"},
	},
	{
		name:  "provincial government office, year first",
		title: "2019年上海市人民政府办公厅政府信息公开工作年度报告",
		text:  "2019年，上海市人民政府办公厅坚持以习近平新时代中国特色社会主义思想为指导。",
		want:  Jurisdiction{"上海市人民政府办公厅", "310000", ScopeGovOffice, "province", "310000"},
	},
	{
		name:  "平潭综合实验区 resolves to 平潭县",
		title: "平潭综合实验区2021年度政府信息公开工作年度报告",
		text:  "当前位置： 首页政务公开 来源：平潭县人民政府 根据《条例》要求，我区编制完成了本报告。",
		want:  Jurisdiction{"平潭综合实验区", "350128", ScopeGovAggregate, "county", "350000"},
	},
	{
		name: "crawler page with 标题 header, no title argument",
		text: preamble("标题: 平潭综合实验区2019年度政府信息公开工作年度报告", "发布时间: 2020-01-20 15:22", "发布机构: ",
			"==================== 正文 ====================",
			"根据《条例》要求，区管委会办公室编制完成了本报告。"),
		want: Jurisdiction{"平潭综合实验区", "350128", ScopeGovAggregate, "county", "350000"},
	},
	{
		name: "pdftotext layout: title lines split, office compiled it",
		text: preamble("            淮安市人民政府", "     2024 年政府信息公开工作年度报告", "", "",
			"   本报告由淮安市人民政府办公室根据《中华人民共和国政府", "信息公开条例》（国令第 711 号）规定编", "制。如对本报告有疑问，请与淮", "安市人民政府办公室联系。"),
		want: Jurisdiction{"淮安市人民政府", "320800", ScopeGovAggregate, "prefecture", "320000"},
	},
	{
		name: "district without its city in the title",
		text: preamble("                洪泽区人民政府", "      2023 年政府信息公开工作年度报告", "",
			"   本报告由淮安市洪泽区人民政府办公室根据《中华人民共和", "国政府信息公开条例》要求编制此报告。"),
		want: Jurisdiction{"洪泽区人民政府", "320813", ScopeGovAggregate, "county", "320000"},
	},
	{
		name: "OCR reads 沭阳 as 沐阳",
		text: preamble("# 沐阳县人民政府 2025 年 政府信息公开工作年度报告", "", "沐阳县人民政府", "(2026年1月23日)", "",
			"现将沐阳县人民政府2025年政府信息公开年度报告向社会公布。", "…", "沐阳县人民政府", "2026年1月23日"),
		want: Jurisdiction{"沭阳县人民政府", "321322", ScopeGovAggregate, "county", "320000"},
	},
	{
		name:  "county department",
		title: "招远市农业农村局2023年政府信息公开工作年度报告",
		want:  Jurisdiction{"招远市农业农村局", "370685", ScopeDepartment, "county", "370000"},
	},
	{
		name:  "prefecture department",
		title: "淮安市生态环境局2022年度政府信息公开工作年度报告",
		want:  Jurisdiction{"淮安市生态环境局", "320800", ScopeDepartment, "prefecture", "320000"},
	},
	{
		name:  "department under the government's name is a department",
		title: "淮安市人民政府国有资产监督管理委员会2022年政府信息公开工作年度报告",
		want:  Jurisdiction{"淮安市人民政府国有资产监督管理委员会", "320800", ScopeDepartment, "prefecture", "320000"},
	},
	{
		name:  "department without place takes the place the text names",
		title: "农业农村局2023年政府信息公开工作年度报告",
		text:  "本报告由山东省烟台市招远市农业农村局编制。",
		want:  Jurisdiction{"农业农村局", "370685", ScopeDepartment, "county", "370000"},
	},
	{
		name:  "department without place, text names two unrelated places",
		title: "农业农村局2023年政府信息公开工作年度报告",
		text:  "组织赴北京市、招远市学习。",
		want:  Jurisdiction{Agency: "农业农村局", Scope: ScopeDepartment},
	},
	{
		name:  "township with its county",
		title: "招远市辛庄镇人民政府2023年政府信息公开工作年度报告",
		want:  Jurisdiction{"招远市辛庄镇人民政府", "370685", ScopeTownship, "county", "370000"},
	},
	{
		name:  "township alone, county from the text",
		title: "辛庄镇人民政府2023年政府信息公开工作年度报告",
		text:  "根据招远市人民政府办公室的部署，我镇编制本报告。",
		want:  Jurisdiction{"辛庄镇人民政府", "370685", ScopeTownship, "county", "370000"},
	},
	{
		name:  "subdistrict office",
		title: "2022年南京市鼓楼区宁海路街道办事处政府信息公开工作年度报告",
		want:  Jurisdiction{"南京市鼓楼区宁海路街道办事处", "320106", ScopeTownship, "county", "320000"},
	},
	{
		name:  "ambiguous district without context stays unresolved",
		title: "朝阳区人民政府2023年政府信息公开工作年度报告",
		text:  "2023年，我区坚持以习近平新时代中国特色社会主义思想为指导。",
		want:  Jurisdiction{Agency: "朝阳区人民政府", Scope: ScopeGovAggregate},
	},
	{
		name:  "ambiguous district, text names Beijing",
		title: "朝阳区人民政府2023年政府信息公开工作年度报告",
		text:  "本报告电子版可在北京市朝阳区人民政府门户网站查阅。",
		want:  Jurisdiction{"朝阳区人民政府", "110105", ScopeGovAggregate, "county", "110000"},
	},
	{
		name:  "ambiguous district, text names Changchun",
		title: "朝阳区人民政府2023年政府信息公开工作年度报告",
		text:  "按照长春市政务公开工作要点要求，我区编制本报告。",
		want:  Jurisdiction{"朝阳区人民政府", "220104", ScopeGovAggregate, "county", "220000"},
	},
	{
		name:  "ambiguous within one province keeps the province",
		title: "鼓楼区人民政府2023年政府信息公开工作年度报告",
		text:  "按照江苏省政务公开工作要点要求编制。",
		want:  Jurisdiction{Agency: "鼓楼区人民政府", Scope: ScopeGovAggregate, ProvinceCode: "320000"},
	},
	{
		name:  "parent in the title resolves",
		title: "南京市鼓楼区人民政府2023年政府信息公开工作年度报告",
		want:  Jurisdiction{"南京市鼓楼区人民政府", "320106", ScopeGovAggregate, "county", "320000"},
	},
	{
		name:  "inconsistent chain is not guessed",
		title: "淮安市朝阳区人民政府2023年政府信息公开工作年度报告",
		want:  Jurisdiction{Agency: "淮安市朝阳区人民政府", Scope: ScopeGovAggregate},
	},
	{
		name:  "bare division name and web title suffix",
		title: "首页>政务公开>招远市2023年政府信息公开工作年度报告_招远市人民政府网",
		want:  Jurisdiction{"招远市人民政府", "370685", ScopeGovAggregate, "county", "370000"},
	},
	{
		name:  "政府办公室 spelled short",
		title: "招远市政府办公室2023年政府信息公开工作年度报告",
		want:  Jurisdiction{"招远市人民政府办公室", "370685", ScopeGovOffice, "county", "370000"},
	},
	{
		name:  "关于 and 的",
		title: "山东省人民政府办公厅关于2022年度政府信息公开工作年度报告",
		want:  Jurisdiction{"山东省人民政府办公厅", "370000", ScopeGovOffice, "province", "370000"},
	},
	{
		name:  "t2s would rewrite 乾县",
		title: "乾县人民政府2022年政府信息公开工作年度报告",
		want:  Jurisdiction{"乾县人民政府", "610424", ScopeGovAggregate, "county", "610000"},
	},
	{
		name:  "municipal district",
		title: "上海市浦东新区人民政府2023年政府信息公开工作年度报告",
		want:  Jurisdiction{"上海市浦东新区人民政府", "310115", ScopeGovAggregate, "county", "310000"},
	},
	{
		name:  "county-level city directly under the province",
		title: "济源市人民政府2023年政府信息公开工作年度报告",
		want:  Jurisdiction{"济源市人民政府", "419001", ScopeGovAggregate, "county", "410000"},
	},
	{
		name:  "autonomous prefecture short name",
		title: "恩施州人民政府2023年政府信息公开工作年度报告",
		want:  Jurisdiction{"恩施州人民政府", "422800", ScopeGovAggregate, "prefecture", "420000"},
	},
	{
		name:  "development zone (statistical unit)",
		title: "烟台经济技术开发区管委会2023年政府信息公开工作年度报告",
		want:  Jurisdiction{"烟台经济技术开发区管委会", "370676", ScopeGovAggregate, "county", "370000"},
	},
	{
		name:  "unknown city",
		title: "测试市2025年政府信息公开工作年度报告",
		text:  "2025年，全市各级行政机关扎实推进政务公开工作。",
		want:  Jurisdiction{Agency: "测试市人民政府", Scope: ScopeGovAggregate},
	},
	{
		name: "publisher header line",
		text: preamble("标题: 政府信息公开工作年度报告", "发布机构: 招远市人民政府", "根据《条例》规定编制本报告。"),
		want: Jurisdiction{"招远市人民政府", "370685", ScopeGovAggregate, "county", "370000"},
	},
	{
		name: "signature block only",
		text: preamble("根据《条例》规定编制本报告。", strings.Repeat("主动公开政府信息。", 20), "", "沭阳县人民政府", "2026年1月23日", "-6-"),
		want: Jurisdiction{"沭阳县人民政府", "321322", ScopeGovAggregate, "county", "320000"},
	},
	{
		name:  "title without agency falls back to the text",
		title: "2023年政府信息公开工作年度报告",
		text:  "本报告由招远市人民政府办公室根据《条例》编制。",
		want:  Jurisdiction{"招远市人民政府办公室", "370685", ScopeGovOffice, "county", "370000"},
	},
	{
		name:  "generic body words are no agency",
		title: "政府信息公开工作年度报告",
		text:  "2023年全市政府信息公开工作稳步推进。本机关认真贯彻条例。",
		want:  Jurisdiction{},
	},
	{
		// a department's text stored without its title (real, 2022):
		// 在区政府信息公开网 is no agency 在区人民政府
		name: "a sentence's words before 区政府信息公开 are no agency",
		text: "一、总体情况\n2022年,我局按照区政府办公室的部署推进政务公开。2022年在区政府信息公开网主动公开政府信息222条。",
		want: Jurisdiction{},
	},
	{
		name:  "page title with variant suffix",
		title: "宿州市人民政府2019年政府信息公开工作年度报告（图片版）",
		want:  Jurisdiction{"宿州市人民政府", "341300", ScopeGovAggregate, "prefecture", "340000"},
	},
	{
		name:  "municipal district with version suffix",
		title: "上海市黄浦区人民政府2022年政府信息公开工作年度报告（超链版）",
		want:  Jurisdiction{"上海市黄浦区人民政府", "310101", ScopeGovAggregate, "county", "310000"},
	},
	{
		name:  "prefecture agency that is not a 局",
		title: "大庆市住房公积金管理中心2025年政府信息公开工作年度报告",
		want:  Jurisdiction{"大庆市住房公积金管理中心", "230600", ScopeDepartment, "prefecture", "230000"},
	},
	{
		name:  "zone committee unknown to the table is not guessed",
		title: "南京徐庄高新技术产业开发区管理委员会_南京徐庄高新技术产业开发区管理委员会2024年政府信息公开工作年度报告",
		text:  "本报告由南京徐庄高新技术产业开发区管理委员会编制。南京市玄武区",
		want:  Jurisdiction{Agency: "南京徐庄高新技术产业开发区管理委员会", Scope: ScopeGovAggregate},
	},
	{
		name:  "abolished county is not given its prefecture's code",
		title: "蓬莱市人民政府2019年政府信息公开工作年度报告",
		text:  "2019年，在烟台市委、市政府的正确领导下，我市政务公开工作稳步推进。",
		want:  Jurisdiction{Agency: "蓬莱市人民政府", Scope: ScopeGovAggregate, ProvinceCode: ""},
	},
	{
		name:  "department placed by the text that names it with its county",
		title: "农业农村局2023年政府信息公开工作年度报告",
		text:  "本报告由招远市农业农村局编制。全年组织赴北京市、上海市学习3次。",
		want:  Jurisdiction{"农业农村局", "370685", ScopeDepartment, "county", "370000"},
	},
	{
		name:  "department with a place word in its name is not placed by context alone",
		title: "城市管理局2023年政府信息公开工作年度报告",
		text:  "按照招远市政务公开工作要点，我局编制本报告。",
		want:  Jurisdiction{Agency: "城市管理局", Scope: ScopeDepartment},
	},
	{
		name:  "township placed by the text's county+township",
		title: "辛庄镇人民政府2023年政府信息公开工作年度报告",
		text:  "招远市辛庄镇位于市区西北。组织赴北京市学习。",
		want:  Jurisdiction{"辛庄镇人民政府", "370685", ScopeTownship, "county", "370000"},
	},
	{
		name:  "township with only its prefecture in the text gets no code",
		title: "辛庄镇人民政府2023年政府信息公开工作年度报告",
		text:  "按照烟台市政务公开工作要点，我镇编制本报告。",
		want:  Jurisdiction{Agency: "辛庄镇人民政府", Scope: ScopeTownship},
	},
	{
		name: "agency inside a sentence",
		text: "根据《条例》规定，现将沐阳县人民政府2025年政府信息公开年度报告向社会公布。",
		want: Jurisdiction{"沭阳县人民政府", "321322", ScopeGovAggregate, "county", "320000"},
	},
	{
		name:  "old county name is not mistaken for a shorter one (大兴县 ⊅ 兴县)",
		title: "大兴县人民政府2000年政府信息公开工作年度报告",
		want:  Jurisdiction{Agency: "大兴县人民政府", Scope: ScopeGovAggregate},
	},
	{
		name:  "bare 新区 name gets its government",
		title: "浦东新区2023年政府信息公开工作年度报告",
		want:  Jurisdiction{"浦东新区人民政府", "310115", ScopeGovAggregate, "county", "310000"},
	},
	{
		name:  "bare development zone keeps its name",
		title: "烟台经济技术开发区2023年政府信息公开工作年度报告",
		want:  Jurisdiction{"烟台经济技术开发区", "370676", ScopeGovAggregate, "county", "370000"},
	},
	{
		name:  "ambiguous district, 索引号 carries the division",
		title: "朝阳区人民政府2023年政府信息公开工作年度报告",
		text:  "索引号：11110105MB1234567X/2024-00012\n发布日期：2024-01-20",
		want:  Jurisdiction{"朝阳区人民政府", "110105", ScopeGovAggregate, "county", "110000"},
	},
	{
		name: "unplaced agency inside a sentence loses the sentence's words",
		text: "根据《中华人民共和国政府信息公开条例》规定,现公布区统计局2023年政府信息公开工作年度报告。",
		want: Jurisdiction{Agency: "区统计局", Scope: ScopeDepartment},
	},
	{
		name: "a self-reference after the year is no agency",
		text: "特向社会公布2021年度本镇政府信息公开年度报告。本报告的电子版可在衢江区政府门户网站下载。",
		want: Jurisdiction{},
	},
	{
		name:  "现 that begins a name stays",
		title: "现代农业示范区管委会2023年政府信息公开工作年度报告",
		want:  Jurisdiction{Agency: "现代农业示范区管委会", Scope: ScopeGovAggregate},
	},
	{name: "empty", want: Jurisdiction{}},
}
