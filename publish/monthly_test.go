package publish

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"bantin"
)

const bom = "\ufeff"

// readReport checks what makes a spreadsheet read the file right and
// returns its records.
func readReport(t *testing.T, r response, comma rune) [][]string {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := r.header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="bantin-`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	body, ok := bytes.CutPrefix(r.body, []byte(bom))
	if !ok {
		t.Fatal("no UTF-8 byte order mark: Excel would read the Vietnamese as Windows-1252")
	}
	if !utf8.Valid(body) || !norm.NFC.IsNormal(body) {
		t.Error("not valid UTF-8 in NFC")
	}
	if n, crlf := bytes.Count(body, []byte("\n")), bytes.Count(body, []byte("\r\n")); n != crlf {
		t.Errorf("%d of %d line ends are CRLF", crlf, n)
	}
	cr := csv.NewReader(bytes.NewReader(body))
	cr.Comma = comma
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	return records
}

// provinceReportCSV: the report read back with encoding/csv has, for every
// unit (or source) and month, the number of items the province stored.
func provinceReportCSV(t *testing.T, p *simProvince) {
	want := make(map[[3]string]int) // unit, source ("" by unit), month
	for _, it := range p.items {
		month := it.published.In(ict).Format("2006-01")
		want[[3]string{it.unit, it.source, month}]++
		want[[3]string{it.unit, "", month}]++
	}
	months := []string{"2024-10", "2024-11", "2024-12"}
	for _, tc := range []struct {
		name, query string
		bySource    bool
		comma       rune
	}{
		{"by unit", "by=unit", false, ','},
		{"by source", "by=source", true, ','},
		{"by source with semicolons", "by=source&sep=semicolon", true, ';'},
	} {
		t.Run(tc.name, func(t *testing.T) {
			records := readReport(t, p.get("/report.csv?from=2024-10&to=2024-12&"+tc.query), tc.comma)
			third := "Đơn vị cấp trên"
			if tc.bySource {
				third = "Nguồn tin"
			}
			header := []string{"Mã đơn vị", "Đơn vị", third, "Tháng 10/2024", "Tháng 11/2024", "Tháng 12/2024", "Tổng"}
			if fmt.Sprint(records[0]) != fmt.Sprint(header) {
				t.Fatalf("header %q, want %q", records[0], header)
			}
			sum, seen := 0, make(map[string]bool)
			for _, rec := range records[1:] {
				unit, source := rec[0], ""
				if tc.bySource {
					source = rec[2]
				}
				seen[unit] = true
				total := 0
				for i, m := range months {
					n, err := strconv.Atoi(rec[3+i])
					if err != nil {
						t.Fatalf("%q: %v", rec, err)
					}
					if w := want[[3]string{unit, source, m}]; n != w {
						t.Errorf("%s %s %s: %d items, stored %d", unit, source, m, n, w)
					}
					total += n
				}
				if rec[6] != strconv.Itoa(total) {
					t.Errorf("%q: total %s, want %d", rec, rec[6], total)
				}
				sum += total
			}
			totals, err := p.store.Totals(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if sum != totals.Items || sum != len(p.items) {
				t.Errorf("the report counts %d items; the store holds %d, the province stored %d", sum, totals.Items, len(p.items))
			}
			if records[1][0] != "ninh-binh" || records[1][1] != "Tỉnh Ninh Bình" {
				t.Errorf("first row %q, want the province", records[1])
			}
			for _, u := range simUnits {
				if !seen[u.id] && (len(u.sources) > 0 || !tc.bySource) {
					t.Errorf("%s is missing", u.id)
				}
			}
		})
	}
	records := readReport(t, p.get("/report.csv?from=2024-12&to=2024-12"), ',')
	for _, rec := range records {
		if rec[0] == "khanh-thuy" && (rec[1] != "Xã Khánh Thủy" || rec[2] != "Huyện Yên Khánh") {
			t.Errorf("names not intact: %q", rec)
		}
	}
	if cd := p.get("/report.csv").header.Get("Content-Disposition"); !strings.Contains(cd, "bantin-2024-11-2024-11.csv") {
		t.Errorf("without months the report is not last month's: %s", cd)
	}
}

// A unit dropped from feeds.yaml keeps its items: the report still
// counts them, under its id, so that the figures add up.
func TestReportCountsRemovedUnits(t *testing.T) {
	e := newTestEnv(t)
	cfg := testConfig()
	cfg.Units = withoutUnit(cfg.Units, 2) // the ward
	if err := e.store.SyncConfig(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	e.srv.SetConfig(cfg)
	for _, by := range []string{"unit", "source"} {
		records := readReport(t, e.get("/report.csv?from=2020-12&to=2020-12&by="+by), ',')
		last := records[len(records)-1]
		if last[0] != "le-hong-phong" || last[1] != "le-hong-phong (không còn trong cấu hình)" || last[4] != "1" {
			t.Errorf("by %s: last row %q, want the removed ward with its item", by, last)
		}
		if by == "source" && last[2] != "https://lehongphong.example.gov.vn/rss.aspx" {
			t.Errorf("removed ward's source %q", last[2])
		}
	}
}

func withoutUnit(units []bantin.Unit, i int) []bantin.Unit {
	return append(units[:i:i], units[i+1:]...)
}

func TestReportRefusesBadQueries(t *testing.T) {
	e := newTestEnv(t)
	for _, q := range []string{"from=2020-13", "from=20-01", "from=2020-1", "from=1899-01", "to=tháng-12",
		"from=2020-12&to=2020-11", "from=2000-01&to=2010-01", "by=xa", "sep=tab", "from=2020-12-01"} {
		r := e.get("/report.csv?" + q)
		if r.status != 400 {
			t.Errorf("/report.csv?%s: %d, want 400", q, r.status)
		}
		if !strings.HasPrefix(string(r.body), "report: ") {
			t.Errorf("/report.csv?%s: %q does not say what is wrong", q, r.body)
		}
	}
	if r := e.get("/report.csv?from=2000-01&to=2009-12"); r.status != 200 {
		t.Errorf("ten years: %d", r.status)
	}
}

func TestCellKeepsFormulasOut(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+84 123":                  "'+84 123",
		"-1":                       "'-1",
		"@SUM(A1)":                 "'@SUM(A1)",
		"Xã Khánh Thủy":            "Xã Khánh Thủy",
		"":                         "",
	} {
		if got := cell(in); got != want {
			t.Errorf("cell(%q) = %q, want %q", in, got, want)
		}
	}
}
