package publish

import (
	"fmt"
	"strings"
	"time"

	"bantin"
)

// labels are the words of the staff pages and the report. Templates and
// view models take every word from here, so a language is one value of
// this type.
type labels struct {
	Lang       string // BCP 47 tag of the page
	OtherLang  string // the other language's tag, for the switch
	SwitchLang string // the switch's text, in the other language
	SkipToMain string

	SiteTitle, NavOverview, NavSearch, OPML, API string
	NavLabel, CrumbsLabel, PagerLabel, SortLabel string

	// The overview.
	Units, Today, Days7, Days30, Activity, LastItem, Status  string
	StatusOK, StatusSilent, StatusFailing, StatusWarning     string
	StatusNoSource, AllStatuses, FilterLabel, Generated      string
	TableCaption, SortedBy, Ascending, Descending, TreeOrder string
	NoMatch, ParentOf, ContextRow, Subtree                   string
	NeverPublished, InsecureTLS, NoItemYet, Never            string
	SilentFor                                                counted // %d days, then %d the threshold
	FailingSince                                             string  // %s kind, %s time
	FailingRun                                               counted // %d failures in a row
	SparkItems                                               counted // %d items in 30 days
	SparkPeak                                                string  // %d items, %s day: the busiest
	SparkDay                                                 counted // %s day, %d items
	AllUnitsFeeds                                            string

	// The monthly report.
	ReportHeading, ReportHint, ReportFrom, ReportTo, ReportBy string
	ByUnit, BySource, Semicolon, Download                     string
	CSVUnitID, CSVUnit, CSVParent, CSVSource, CSVTotal        string
	CSVMonth                                                  string // %02d month, %d year
	CSVRemoved                                                string

	// A unit's page.
	Subscribe, SubscribeHint, Children, Sources, RecentItems string
	NoItems, ItemTime, ItemTitle, ItemSource, AlsoBy         string
	LastFetch, LastOK, NextFetch, HTTPStatus, Failures       string
	FetchAt, Duration, Result, NewItems, NotModified         string
	NoFetches, LastError, SearchInUnit, NoSources            string
	FetchLog                                                 counted // %d fetches
	NewUpdatedDup                                            string  // %d new, %d updated, %d duplicate

	// Search.
	SearchTitle, SearchLabel, SearchHint, SearchUnit, AllUnitsOption string
	SearchButton, NoResults, PrevPage, NextPage, PublishedBy         string
	Results                                                          counted // %d results
	PageOf                                                           string  // %d page, %d pages

	// Times and durations.
	DateFormat, DayFormat, JustNow string
	MinutesAgo, HoursAgo, DaysAgo  counted
	MonthsAgo, YearsAgo            counted
	MinutesLater, HoursLater       counted
	DaysLater                      counted
	DecimalComma                   bool

	ErrorKinds map[bantin.ErrorKind]string
}

// counted is a phrase with a number: singular and plural forms, the
// number first among the verbs. Vietnamese has one form for both.
type counted [2]string

// of formats the phrase for n.
func (c counted) of(n int, rest ...any) string {
	form := c[1]
	if n == 1 {
		form = c[0]
	}
	return fmt.Sprintf(form, append([]any{n}, rest...)...)
}

func same(s string) counted { return counted{s, s} }

// vi is the Vietnamese the staff pages speak by default.
var vi = &labels{
	Lang: "vi", OtherLang: "en", SwitchLang: "English", SkipToMain: "Bỏ qua, tới nội dung chính",

	SiteTitle: "Theo dõi bản tin", NavOverview: "Tổng quan", NavSearch: "Tìm tin",
	OPML: "Danh sách nguồn (OPML)", API: "API",
	NavLabel: "Điều hướng chính", CrumbsLabel: "Đơn vị cấp trên", PagerLabel: "Các trang kết quả",
	SortLabel: "Sắp xếp theo",

	Units: "Đơn vị", Today: "Hôm nay", Days7: "7 ngày", Days30: "30 ngày", Activity: "Hoạt động 30 ngày",
	LastItem: "Tin mới nhất", Status: "Trạng thái",
	StatusOK: "OK", StatusSilent: "im lặng", StatusFailing: "lỗi", StatusWarning: "cảnh báo",
	StatusNoSource: "không có nguồn", AllStatuses: "Tất cả", FilterLabel: "Lọc theo trạng thái",
	Generated:    "Cập nhật lúc",
	TableCaption: "Các đơn vị", SortedBy: "sắp xếp theo", Ascending: "tăng dần", Descending: "giảm dần",
	TreeOrder: "theo cây, đơn vị có vấn đề lên trước",
	NoMatch:   "Không có đơn vị nào ở trạng thái này.", ParentOf: "thuộc",
	ContextRow: "đơn vị cấp trên, không thuộc bộ lọc", Subtree: "Trực thuộc",
	NeverPublished: "chưa có tin nào", InsecureTLS: "bỏ qua kiểm tra chứng chỉ TLS",
	NoItemYet: "chưa có tin", Never: "chưa lần nào",
	SilentFor:     same("%d ngày không có tin mới (ngưỡng %d ngày)"),
	FailingSince:  "%s từ %s",
	FailingRun:    same("%d lần liên tiếp"),
	SparkItems:    same("%d tin trong 30 ngày"),
	SparkPeak:     "nhiều nhất %d tin ngày %s",
	SparkDay:      same("%[2]s: %[1]d tin"),
	AllUnitsFeeds: "Tin của mọi đơn vị",

	ReportHeading: "Báo cáo tháng", ReportFrom: "Từ tháng", ReportTo: "Đến tháng",
	ReportHint: "Số tin mỗi đơn vị (hoặc mỗi nguồn) đăng trong từng tháng, dạng CSV mở được bằng Excel và LibreOffice.",
	ReportBy:   "Thống kê theo", ByUnit: "đơn vị", BySource: "nguồn tin",
	Semicolon: "Ngăn cột bằng dấu chấm phẩy (Excel cài đặt vùng Việt Nam)", Download: "Tải báo cáo",
	CSVUnitID: "Mã đơn vị", CSVUnit: "Đơn vị", CSVParent: "Đơn vị cấp trên", CSVSource: "Nguồn tin",
	CSVTotal: "Tổng", CSVMonth: "Tháng %02d/%d", CSVRemoved: "(không còn trong cấu hình)",

	Subscribe: "Theo dõi bằng trình đọc tin", SubscribeHint: "Chép địa chỉ vào trình đọc tin (RSS).",
	Children: "Đơn vị trực thuộc", Sources: "Nguồn tin", RecentItems: "Tin gần đây của đơn vị",
	NoItems: "Chưa có tin nào.", ItemTime: "Thời gian", ItemTitle: "Tiêu đề", ItemSource: "Nguồn",
	AlsoBy:    "Cũng đăng bởi",
	LastFetch: "Lần lấy gần nhất", LastOK: "Lần thành công gần nhất", NextFetch: "Lần lấy tiếp theo",
	HTTPStatus: "Mã HTTP", Failures: "Số lần lỗi liên tiếp",
	FetchAt: "Thời điểm", Duration: "Thời lượng", Result: "Kết quả", NewItems: "Tin mới",
	NotModified: "không đổi (304)", NoFetches: "Chưa lấy lần nào.", LastError: "Lỗi gần nhất",
	SearchInUnit: "Tìm trong tin của đơn vị", NoSources: "Đơn vị này không có nguồn tin riêng.",
	FetchLog:      same("%d lần lấy gần nhất"),
	NewUpdatedDup: "%d mới, %d sửa, %d trùng",

	SearchTitle: "Tìm tin", SearchLabel: "Từ cần tìm",
	SearchHint: "Gõ có dấu hay không dấu đều được. Các từ viết liền nhau được tìm như một cụm; " +
		"ngăn các cụm bằng dấu phẩy (ví dụ: dân vận, Phủ Lý).",
	SearchUnit: "Đơn vị (gồm đơn vị trực thuộc)", AllUnitsOption: "Tất cả đơn vị", SearchButton: "Tìm",
	NoResults: "Không tìm thấy tin nào.", PrevPage: "Trang trước", NextPage: "Trang sau",
	PublishedBy: "Đăng bởi",
	Results:     same("%d kết quả"),
	PageOf:      "Trang %d/%d",

	DateFormat: "15:04 02/01/2006", DayFormat: "02/01", JustNow: "vừa xong",
	MinutesAgo: same("%d phút trước"), HoursAgo: same("%d giờ trước"), DaysAgo: same("%d ngày trước"),
	MonthsAgo: same("%d tháng trước"), YearsAgo: same("%d năm trước"),
	MinutesLater: same("%d phút nữa"), HoursLater: same("%d giờ nữa"), DaysLater: same("%d ngày nữa"),
	DecimalComma: true,

	ErrorKinds: map[bantin.ErrorKind]string{
		bantin.ErrTimeout:   "quá thời gian chờ",
		bantin.ErrDNS:       "không tìm thấy tên miền",
		bantin.ErrTLS:       "lỗi chứng chỉ TLS",
		bantin.ErrConnect:   "không kết nối được",
		bantin.ErrHTTP:      "máy chủ báo lỗi HTTP",
		bantin.ErrTooLarge:  "dữ liệu quá lớn",
		bantin.ErrNotFeed:   "không phải nguồn tin RSS/Atom",
		bantin.ErrParse:     "không đọc được nguồn tin",
		bantin.ErrForbidden: "địa chỉ bị chặn",
		bantin.ErrOther:     "lỗi khác",
	},
}

// en is the English of the pages, for ?lang=en or a browser that
// prefers it.
var en = &labels{
	Lang: "en", OtherLang: "vi", SwitchLang: "Tiếng Việt", SkipToMain: "Skip to main content",

	SiteTitle: "News feed monitor", NavOverview: "Overview", NavSearch: "Search",
	OPML: "Feed list (OPML)", API: "API",
	NavLabel: "Main navigation", CrumbsLabel: "Parent units", PagerLabel: "Result pages",
	SortLabel: "Sort by",

	Units: "Unit", Today: "Today", Days7: "7 days", Days30: "30 days", Activity: "Last 30 days",
	LastItem: "Latest item", Status: "Status",
	StatusOK: "OK", StatusSilent: "silent", StatusFailing: "failing", StatusWarning: "warning",
	StatusNoSource: "no source", AllStatuses: "All", FilterLabel: "Filter by status",
	Generated:    "Updated at",
	TableCaption: "Units", SortedBy: "sorted by", Ascending: "ascending", Descending: "descending",
	TreeOrder: "as a tree, units with problems first",
	NoMatch:   "No unit has this status.", ParentOf: "in",
	ContextRow: "parent unit, not in the filter", Subtree: "Below",
	NeverPublished: "nothing published yet", InsecureTLS: "TLS certificate not checked",
	NoItemYet: "no item yet", Never: "never",
	SilentFor:     counted{"%d day without a new item (threshold %d days)", "%d days without a new item (threshold %d days)"},
	FailingSince:  "%s since %s",
	FailingRun:    counted{"%d failure in a row", "%d failures in a row"},
	SparkItems:    counted{"%d item in 30 days", "%d items in 30 days"},
	SparkPeak:     "at most %d on %s",
	SparkDay:      counted{"%[2]s: %[1]d item", "%[2]s: %[1]d items"},
	AllUnitsFeeds: "Feeds of every unit",

	ReportHeading: "Monthly report", ReportFrom: "From month", ReportTo: "To month",
	ReportHint: "Items each unit (or each source) published in each month, as CSV for Excel and LibreOffice.",
	ReportBy:   "Count by", ByUnit: "unit", BySource: "source",
	Semicolon: "Separate columns with semicolons (Excel set to a comma-decimal region)", Download: "Download report",
	CSVUnitID: "Unit id", CSVUnit: "Unit", CSVParent: "Parent unit", CSVSource: "Source",
	CSVTotal: "Total", CSVMonth: "Month %02d/%d", CSVRemoved: "(no longer configured)",

	Subscribe: "Subscribe in a feed reader", SubscribeHint: "Copy an address into a feed reader.",
	Children: "Units below", Sources: "Sources", RecentItems: "The unit's recent items",
	NoItems: "No item yet.", ItemTime: "Time", ItemTitle: "Title", ItemSource: "Source",
	AlsoBy:    "Also published by",
	LastFetch: "Last fetch", LastOK: "Last success", NextFetch: "Next fetch",
	HTTPStatus: "HTTP status", Failures: "Failures in a row",
	FetchAt: "Time", Duration: "Duration", Result: "Result", NewItems: "New items",
	NotModified: "not modified (304)", NoFetches: "Never fetched yet.", LastError: "Last error",
	SearchInUnit: "Search this unit's items", NoSources: "This unit has no source of its own.",
	FetchLog:      counted{"last %d fetch", "last %d fetches"},
	NewUpdatedDup: "%d new, %d updated, %d duplicate",

	SearchTitle: "Search items", SearchLabel: "Words to find",
	SearchHint: "With or without Vietnamese diacritics. Words written together are found as a phrase; " +
		"separate phrases with commas (e.g. dân vận, Phủ Lý).",
	SearchUnit: "Unit (with the units below it)", AllUnitsOption: "All units", SearchButton: "Search",
	NoResults: "No item found.", PrevPage: "Previous page", NextPage: "Next page",
	PublishedBy: "Published by",
	Results:     counted{"%d result", "%d results"},
	PageOf:      "Page %d of %d",

	DateFormat: "2 Jan 2006 15:04", DayFormat: "2 Jan", JustNow: "just now",
	MinutesAgo: counted{"%d minute ago", "%d minutes ago"}, HoursAgo: counted{"%d hour ago", "%d hours ago"},
	DaysAgo: counted{"%d day ago", "%d days ago"}, MonthsAgo: counted{"%d month ago", "%d months ago"},
	YearsAgo: counted{"%d year ago", "%d years ago"}, MinutesLater: counted{"in %d minute", "in %d minutes"},
	HoursLater: counted{"in %d hour", "in %d hours"}, DaysLater: counted{"in %d day", "in %d days"},

	ErrorKinds: map[bantin.ErrorKind]string{
		bantin.ErrTimeout:   "timed out",
		bantin.ErrDNS:       "domain not found",
		bantin.ErrTLS:       "TLS certificate error",
		bantin.ErrConnect:   "cannot connect",
		bantin.ErrHTTP:      "HTTP error from the server",
		bantin.ErrTooLarge:  "response too large",
		bantin.ErrNotFeed:   "not an RSS/Atom feed",
		bantin.ErrParse:     "unreadable feed",
		bantin.ErrForbidden: "address blocked",
		bantin.ErrOther:     "other error",
	},
}

// ago says how long before now t was, in whole units of the largest
// fitting size: "3 ngày trước"; or how long after, for a planned fetch.
func (l *labels) ago(now, t time.Time) string {
	d := now.Sub(t)
	const day = 24 * time.Hour
	switch {
	case d <= -day:
		return l.DaysLater.of(int(-d / day))
	case d <= -time.Hour:
		return l.HoursLater.of(int(-d / time.Hour))
	case d <= -time.Minute:
		return l.MinutesLater.of(int(-d / time.Minute))
	case d < time.Minute:
		return l.JustNow
	case d < time.Hour:
		return l.MinutesAgo.of(int(d / time.Minute))
	case d < day:
		return l.HoursAgo.of(int(d / time.Hour))
	case d < 60*day:
		return l.DaysAgo.of(int(d / day))
	case d < 365*day:
		return l.MonthsAgo.of(int(d / (30 * day)))
	}
	return l.YearsAgo.of(int(d / (365 * day)))
}

// errorKind names a kind of fetch failure for staff; an unknown kind is
// shown as it is.
func (l *labels) errorKind(k bantin.ErrorKind) string {
	if name, ok := l.ErrorKinds[k]; ok {
		return name
	}
	return string(k)
}

// duration writes a fetch's duration the way people read it: "340 ms",
// "1,2 s".
func (l *labels) duration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	s := fmt.Sprintf("%.1f s", d.Seconds())
	if l.DecimalComma {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// statusName is the word for a status.
func (l *labels) statusName(s status) string {
	return [...]string{
		statusNone: l.StatusNoSource, statusOK: l.StatusOK, statusWarning: l.StatusWarning,
		statusSilent: l.StatusSilent, statusFailing: l.StatusFailing,
	}[s]
}
