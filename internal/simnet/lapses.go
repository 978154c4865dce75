package simnet

import (
	"sort"
	"strconv"
	"time"
)

// Lapses: with Config.Lapses some governments publish a year's report
// late (after 31 March of the following year, the deadline of 条例 第四十九条
// for the 本级政府 report) or not at all, so that coverage and timeliness
// can be checked against a known truth. Each government report is drawn
// on its own random stream (seed, portal code, year): a lapse changes
// nothing else of the portal but the order of its documents. A late
// report shows its date wherever the portal's CMS shows one: the
// 发布时间 line of the page, the date beside its link in the list, the
// gkmlpt create_time, and the URL where the CMS puts the date in it (TRS
// …/YYYYMM/tYYYYMMDD_…, Hanweb /art/YYYY/M/D/…, generic /YYYY/…).

// Lapse kinds.
const (
	LapseMissing = "missing" // the year's report is not published
	LapseLate    = "late"    // published after the deadline
)

// Shares of government reports (per portal and year) that lapse.
const (
	missingShare = 0.05
	lateShare    = 0.07
)

// Lapse is a government report that a network with Config.Lapses leaves
// unpublished (LapseMissing) or publishes late (LapseLate).
type Lapse struct {
	PortalCode string
	Name       string // the jurisdiction's name
	Year       int
	Kind       string
	Published  time.Time // the date the portal shows (LapseLate)
	DaysLate   int       // days after the deadline (LapseLate)
}

// Deadline is the last day a report of the given kind and year may be
// published on: 31 January of the following year for a department, 31
// March for a government (and, in this network, a township). Dates are
// calendar days as the portals print them (a page prints its time without
// a zone; the network keeps them as UTC).
func Deadline(kind string, year int) time.Time {
	month := time.March
	if kind == KindDepartment {
		month = time.January
	}
	return time.Date(year+1, month, 31, 0, 0, 0, 0, time.UTC)
}

// lapseGovernment decides the fate of the government report of year y on
// portal p: dropped (false) or kept, with its date moved past the deadline
// when late. Without Config.Lapses every report is kept as it is.
func (n *Network) lapseGovernment(p *portal, d *document) bool {
	if !n.cfg.Lapses {
		return true
	}
	rng := n.rng("lapse", p.info.Code, d.agency, strconv.Itoa(d.year))
	switch x := rng.Float64(); {
	case x < missingShare:
		n.lapses = append(n.lapses, Lapse{PortalCode: p.info.Code, Name: p.info.Name, Year: d.year, Kind: LapseMissing})
		return false
	case x < missingShare+lateShare:
		d.pub = date(rng, d.year+1, time.April, 120)
		n.lapses = append(n.lapses, Lapse{PortalCode: p.info.Code, Name: p.info.Name, Year: d.year, Kind: LapseLate,
			Published: d.pub, DaysLate: daysLate(d.pub, Deadline(KindGovernment, d.year))})
	}
	return true
}

// keepGovernment filters the government reports of a portal through
// lapseGovernment.
func (n *Network) keepGovernment(p *portal, docs []*document) []*document {
	out := docs[:0]
	for _, d := range docs {
		if d.kind != KindGovernment || n.lapseGovernment(p, d) {
			out = append(out, d)
		}
	}
	return out
}

// day is the calendar day of a time as the portals print it.
func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// daysLate counts the calendar days from the deadline to the publication
// day (0 or less: on time).
func daysLate(pub, deadline time.Time) int {
	return int(day(pub).Sub(day(deadline)).Hours() / 24)
}

// Lapses lists the government reports the network left unpublished or
// published late, by portal code and year.
func (n *Network) Lapses() []Lapse {
	out := append([]Lapse(nil), n.lapses...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].PortalCode != out[j].PortalCode {
			return out[i].PortalCode < out[j].PortalCode
		}
		return out[i].Year < out[j].Year
	})
	return out
}

// isLate tells whether a report was published after its deadline.
func isLate(d *document) bool {
	if d.year == 0 || d.kind == KindPre2019 {
		return false
	}
	return daysLate(d.pub, Deadline(d.kind, d.year)) > 0
}
