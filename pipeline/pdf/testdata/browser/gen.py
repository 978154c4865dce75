# Writes NAME.html and NAME.want.json for the test reports in this folder.
FONT = 13
# Generates the HTML test reports (own text, invented but consistent figures).
import json, random, sys

COLS = ['natural_person','commercial','research','social_org','legal_service','other_org','total']
ROWS21 = [
 ('new_received', None, None, '一、本年新收政府信息公开申请数量'),
 ('carried_in', None, None, '二、上年结转政府信息公开申请数量'),
 ('granted', 'R', None, '（一）予以公开'),
 ('partially_granted', 'R', None, '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'),
 ('denied_state_secret', 'R', '（三）不予公开', '1.属于国家秘密'),
 ('denied_law_prohibited', 'R', '（三）不予公开', '2.其他法律行政法规禁止公开'),
 ('denied_three_safeties', 'R', '（三）不予公开', '3.危及“三安全一稳定”'),
 ('denied_third_party', 'R', '（三）不予公开', '4.保护第三方合法权益'),
 ('denied_internal_affairs', 'R', '（三）不予公开', '5.属于三类内部事务信息'),
 ('denied_process_info', 'R', '（三）不予公开', '6.属于四类过程性信息'),
 ('denied_enforcement_file', 'R', '（三）不予公开', '7.属于行政执法案卷'),
 ('denied_admin_query', 'R', '（三）不予公开', '8.属于行政查询事项'),
 ('unable_not_held', 'R', '（四）无法提供', '1.本机关不掌握相关政府信息'),
 ('unable_needs_creation', 'R', '（四）无法提供', '2.没有现成信息需要另行制作'),
 ('unable_unclear', 'R', '（四）无法提供', '3.补正后申请内容仍不明确'),
 ('not_processed_petition', 'R', '（五）不予处理', '1.信访举报投诉类申请'),
 ('not_processed_repeat', 'R', '（五）不予处理', '2.重复申请'),
 ('not_processed_publication', 'R', '（五）不予处理', '3.要求提供公开出版物'),
 ('not_processed_mass_repeat', 'R', '（五）不予处理', '4.无正当理由大量反复申请'),
 ('not_processed_reissue', 'R', '（五）不予处理', '5.要求行政机关确认或重新出具已获取信息'),
 ('other_no_correction', 'R', '（六）其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'),
 ('other_fee_unpaid', 'R', '（六）其他处理', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'),
 ('other_other', 'R', '（六）其他处理', '3.其他'),
 ('total_processed', 'R', None, '（七）总计'),
 ('carried_out', None, None, '四、结转下年度继续办理'),
]
ROWS19 = [r for r in ROWS21 if not r[0].startswith('other_')]
ROWS19.insert(ROWS19.index([r for r in ROWS19 if r[0]=='total_processed'][0]), ('other_processing','R',None,'（六）其他处理'))
REVIEW = ['review_upheld','review_corrected','review_other','review_pending','review_total',
          'lit_direct_upheld','lit_direct_corrected','lit_direct_other','lit_direct_pending','lit_direct_total',
          'lit_after_review_upheld','lit_after_review_corrected','lit_after_review_other','lit_after_review_pending','lit_after_review_total']

def figures(rows, seed, sparse):
    rnd = random.Random(seed)
    outcome = [r[0] for r in rows if r[1] == 'R' and r[0] != 'total_processed']
    apps = {}
    for k in outcome:
        v = [0]*6
        if rnd.random() < sparse:
            for c in range(6):
                if rnd.random() < (0.9 if c == 0 else 0.25):
                    v[c] = rnd.choice([1,2,3,5,8,13,21,34,55,120,356])
        apps[k] = v
    tot = [sum(apps[k][c] for k in outcome) for c in range(6)]
    carried_in = [rnd.choice([0,0,1,4,12]) if c in (0,1) else 0 for c in range(6)]
    carried_out = [min(tot[c]+carried_in[c], rnd.choice([0,0,2,7,30])) if c in (0,1) else 0 for c in range(6)]
    carried_in = [min(carried_in[c], tot[c] + carried_out[c]) for c in range(6)]
    new = [tot[c] + carried_out[c] - carried_in[c] for c in range(6)]
    apps['new_received'] = new; apps['carried_in'] = carried_in
    apps['total_processed'] = tot; apps['carried_out'] = carried_out
    for k in apps:
        apps[k] = apps[k] + [sum(apps[k])]
    return apps

def blanks(apps, seed, total_blank_rows=0.3):
    """Which zero cells are printed blank: most zeros, the 总计 of some rows."""
    rnd = random.Random(seed)
    out = {}
    for k, v in apps.items():
        out[k] = []
        for c, x in enumerate(v):
            if x == 0 and rnd.random() < 0.8:
                out[k].append(c)
            elif c == 6 and k not in ('new_received','total_processed') and rnd.random() < total_blank_rows:
                pass
    return out

def review(seed):
    rnd = random.Random(seed)
    v = []
    for g in range(3):
        p = [rnd.choice([0,0,1,2,5]) for _ in range(4)]
        v += p + [sum(p)]
    return dict(zip(REVIEW, v))

CSS = {
 'chromium': 'body{font-family:"WenQuanYi Micro Hei",sans-serif;font-size:12px;margin:24px} table{border-collapse:collapse;margin:8px 0} td{border:1px solid #333;padding:2px 4px;%s} .v{width:14px} .g{width:64px}',
}

def cell(x, blank, align):
    return '<td class="n">&nbsp;</td>' if blank else '<td class="n">%s</td>' % x

def table3(rows, apps, bl, subtotal=False, thead=False):
    h = []
    h.append('<table><thead>' if thead else '<table>')
    h.append('<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="%d">申请人情况</td></tr>' % (8 if subtotal else 7))
    h.append('<tr><td rowspan="2">自然人</td><td colspan="%d">法人或其他组织</td><td rowspan="2">总计</td></tr>' % (6 if subtotal else 5))
    h.append('<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td>%s</tr>%s' % ('<td>小计</td>' if subtotal else '', '</thead>' if thead else ''))
    nres = sum(1 for r in rows if r[1] == 'R')
    seen_res = False
    groups = {}
    for r in rows:
        if r[2]: groups[r[2]] = groups.get(r[2], 0) + 1
    seen_g = set()
    for key, res, grp, label in rows:
        v = apps[key]
        tds = []
        if res is None:
            tds.append('<td colspan="3">%s</td>' % label)
        else:
            if not seen_res:
                tds.append('<td rowspan="%d" class="v">三、本年度办理结果</td>' % nres)
                seen_res = True
            if grp is None:
                tds.append('<td colspan="2">%s</td>' % label)
            else:
                if grp not in seen_g:
                    tds.append('<td rowspan="%d" class="g">%s</td>' % (groups[grp], grp))
                    seen_g.add(grp)
                tds.append('<td>%s</td>' % label)
        vals = list(v)
        cols = list(range(7))
        for c in cols[:6]:
            tds.append(cell(vals[c], c in bl[key], ''))
        if subtotal:
            sub = sum(vals[1:6])
            tds.append(cell(sub, sub == 0 and 6 in bl[key], ''))
        tds.append(cell(vals[6], 6 in bl[key], ''))
        h.append('<tr>' + ''.join(tds) + '</tr>')
    h.append('</table>')
    return '\n'.join(h)

def table4(rv, bl4):
    h = ['<table>',
     '<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>',
     '<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>',
     '<tr>' + ''.join('<td>%s</td>' % t for t in ['结果维持','结果纠正','其他结果','尚未审结','总计']*2) + '</tr>',
     '<tr>' + ''.join(cell(rv[k], k in bl4, '') for k in REVIEW) + '</tr>',
     '</table>']
    return '\n'.join(h)

def table2_2021(a):
    return '''<table>
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>%(regulations_issued)s</td><td>%(regulations_repealed)s</td><td>%(regulations_in_force)s</td></tr>
<tr><td>行政规范性文件</td><td>%(normative_docs_issued)s</td><td>%(normative_docs_repealed)s</td><td>%(normative_docs_in_force)s</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">%(licensing_decisions)s</td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政处罚</td><td colspan="3">%(penalty_decisions)s</td></tr>
<tr><td>行政强制</td><td colspan="3">%(coercion_decisions)s</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">%(fees_amount_wan)s</td></tr>
</table>''' % {k: ('&nbsp;' if v is None else v) for k, v in a.items()}

def table2_2019(a):
    d = {k: ('&nbsp;' if v is None else v) for k, v in a.items()}
    return '''<table>
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>%(regulations_made)s</td><td>%(regulations_published)s</td><td>%(regulations_total_public)s</td></tr>
<tr><td>规范性文件</td><td>%(normative_docs_made)s</td><td>%(normative_docs_published)s</td><td>%(normative_docs_total_public)s</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政许可</td><td>%(licensing_prev_items)s</td><td>%(licensing_change)s</td><td>%(licensing_decisions)s</td></tr>
<tr><td>其他对外管理服务事项</td><td>%(other_mgmt_prev_items)s</td><td>%(other_mgmt_change)s</td><td>%(other_mgmt_decisions)s</td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政处罚</td><td>%(penalty_prev_items)s</td><td>%(penalty_change)s</td><td>%(penalty_decisions)s</td></tr>
<tr><td>行政强制</td><td>%(coercion_prev_items)s</td><td>%(coercion_change)s</td><td>%(coercion_decisions)s</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td></tr>
<tr><td>行政事业性收费</td><td>%(fees_prev_items)s</td><td colspan="2">%(fees_change)s</td></tr>
<tr><td colspan="4">第二十条第（九）项</td></tr>
<tr><td>信息内容</td><td>采购项目数量</td><td colspan="2">采购总金额</td></tr>
<tr><td>政府集中采购</td><td>%(procurement_items)s</td><td colspan="2">%(procurement_amount)s%(procurement_amount_unit)s</td></tr>
</table>''' % d

def page(title, year, body_tables, align, narrow, label_align):
    t2, t3, t4 = body_tables
    css = ('body{font-family:"WenQuanYi Micro Hei",sans-serif;font-size:%dpx;margin:20px}' % FONT + 
           'table{border-collapse:collapse;margin:6px 0;width:100%%}'
           'td{border:1px solid #444;padding:2px 3px;text-align:%s} td.n{text-align:%s}'
           '.v{width:%dem} .g{width:4.5em}') % (label_align, align, 1 if narrow else 3)
    return '''<!DOCTYPE html><html><head><meta charset="utf-8"><title>%(title)s</title><style>%(css)s</style></head><body>
<h2 style="text-align:center">%(title)s</h2>
<p>本报告依据《中华人民共和国政府信息公开条例》编制，数据统计期限为%(year)d年1月1日至%(year)d年12月31日。本报告为测试用文档，机关名称与数字均为虚构。</p>
<h3>一、总体情况</h3>
<p>%(year)d年，本机关围绕公开工作要点，持续做好主动公开、依申请公开和平台建设等工作。</p>
<h3>二、主动公开政府信息情况</h3>
%(t2)s
<h3>三、收到和处理政府信息公开申请情况</h3>
%(t3)s
<h3>四、政府信息公开行政复议、行政诉讼情况</h3>
%(t4)s
<h3>五、存在的主要问题及改进情况</h3>
<p>公开内容的规范性仍需提高。下一步将加强培训，完善工作机制。</p>
<h3>六、其他需要报告的事项</h3>
<p>本年度未收取信息处理费。</p>
</body></html>''' % dict(title=title, year=year, css=css, t2=t2, t3=t3, t4=t4)

def build(name, tmpl, seed, sparse, align, narrow, subtotal=False, label_align='left', font=13, thead=False):
    global FONT
    FONT = font
    rows = ROWS21 if tmpl == '2021' else ROWS19
    apps = figures(rows, seed, sparse)
    bl = blanks(apps, seed + 1)
    rnd = random.Random(seed + 2)
    # a few rows with the 总计 cell blank although not zero is not what
    # reports do; blank 总计 only where the row is all zero (already in bl)
    rv = review(seed + 3)
    bl4 = {k for k, v in rv.items() if v == 0 and rnd.random() < 0.7}
    if tmpl == '2021':
        a = dict(regulations_issued=0, regulations_repealed=None, regulations_in_force=3,
                 normative_docs_issued=7, normative_docs_repealed=2, normative_docs_in_force=41,
                 licensing_decisions=rnd.randint(100, 90000), penalty_decisions=rnd.randint(10, 5000),
                 coercion_decisions=None, fees_amount_wan=round(rnd.uniform(1, 900), 2))
        t2 = table2_2021(a)
        year = 2023
    else:
        a = dict(regulations_made=0, regulations_published=0, regulations_total_public=12,
                 normative_docs_made=9, normative_docs_published=9, normative_docs_total_public=87,
                 licensing_prev_items=None, licensing_change=None, licensing_decisions=rnd.randint(100, 9000),
                 other_mgmt_prev_items=None, other_mgmt_change=None, other_mgmt_decisions=37,
                 penalty_prev_items=None, penalty_change=None, penalty_decisions=rnd.randint(10, 900),
                 coercion_prev_items=None, coercion_change=None, coercion_decisions=4,
                 fees_prev_items=None, fees_change=None, procurement_items=5, procurement_amount=386000,
                 procurement_amount_unit='元')
        t2 = table2_2019(a)
        year = 2019
    t3 = table3(rows, apps, bl, subtotal, thead)
    t4 = table4(rv, bl4)
    title = '测试县人民政府%d年政府信息公开工作年度报告' % year
    html = page(title, year, (t2, t3, t4), align, narrow, label_align)
    truth = {'year': year, 'template': tmpl,
             'active': {k: v for k, v in a.items() if k != 'procurement_amount_unit'},
             'applications': {k: [None if c in bl[k] else x for c, x in enumerate(apps[k])] for k in apps},
             'review_litigation': {k: (None if k in bl4 else v) for k, v in rv.items()}}
    truth['applications'] = {k: dict(zip(COLS, v)) for k, v in truth['applications'].items()}
    if tmpl == '2019':
        truth['active_units'] = {'procurement_amount': '元'}
    open(name + '.html', 'w').write(html)
    json.dump(truth, open(name + '.want.json', 'w'), ensure_ascii=False, indent=1, sort_keys=True)


build('sparse2021', '2021', 11, 0.45, 'center', True)
build('sparse2019', '2019', 23, 0.35, 'right', False)
build('dense2021', '2021', 37, 0.9, 'left', False)
build('centred2021', '2021', 41, 0.5, 'center', False, label_align='center')
# a batch of styles; b05 is kept as narrow2021, b07 as narrow2019
k=0
for tmpl in ('2021','2019'):
    for align in ('center','right','left'):
        for narrow in (True, False):
            k+=1
            la = 'center' if k%3==0 else 'left'
            build('b%02d'%k, tmpl, 100+k, 0.3+0.1*(k%5), align, narrow, label_align=la, font=13+((100+k)%4)*2)

# table 三 headings repeated on every page (<thead>), 21px type
build('repeated2021', '2021', 201, 0.5, 'center', False, font=21, thead=True)
