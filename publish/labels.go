package publish

import (
	"fmt"
	"strings"
	"time"

	"bantin"
)

// labels are the words of the staff pages. Templates and view models take
// every word from here, so another language is one more value of this
// type and a choice of which to use.
type labels struct {
	Lang           string
	SiteTitle      string
	Units          string
	Today          string
	Days7          string
	Days30         string
	LastItem       string
	Status         string
	StatusOK       string
	StatusSilent   string
	StatusFailing  string
	StatusWarning  string
	StatusNoSource string
	SilentFor      string // %d: days of the threshold
	FailingSince   string // %s: error kind, %s: time
	InsecureTLS    string
	NoItemYet      string
	Never          string
	Generated      string
	Subscribe      string
	Children       string
	Sources        string
	RecentStories  string
	NoStories      string
	LastFetch      string
	LastOK         string
	NextFetch      string
	HTTPStatus     string
	Failures       string
	FetchLog       string // %d: how many
	FetchAt        string
	Duration       string
	Result         string
	NotModified    string
	NewUpdatedDup  string // %d new, %d updated, %d duplicate
	NoFetches      string
	BackToOverview string
	AllUnitsFeeds  string
	OPML           string
	API            string
	PublishedBy    string
	DateFormat     string // time layout of exact times
	JustNow        string
	MinutesAgo     string // %d
	HoursAgo       string // %d
	DaysAgo        string // %d
	MonthsAgo      string // %d
	YearsAgo       string // %d
	MinutesLater   string // %d
	HoursLater     string // %d
	DaysLater      string // %d
	LastError      string
	ErrorKinds     map[bantin.ErrorKind]string
	DecimalComma   bool
}

// vi is the Vietnamese the staff pages speak.
var vi = &labels{
	Lang:           "vi",
	SiteTitle:      "Theo dõi bản tin",
	Units:          "Đơn vị",
	Today:          "Hôm nay",
	Days7:          "7 ngày",
	Days30:         "30 ngày",
	LastItem:       "Tin mới nhất",
	Status:         "Trạng thái",
	StatusOK:       "OK",
	StatusSilent:   "im lặng",
	StatusFailing:  "lỗi",
	StatusWarning:  "cảnh báo",
	StatusNoSource: "không có nguồn",
	SilentFor:      "không có tin mới trong %d ngày",
	FailingSince:   "%s từ %s",
	InsecureTLS:    "bỏ qua kiểm tra chứng chỉ TLS",
	NoItemYet:      "chưa có tin",
	Never:          "chưa lần nào",
	Generated:      "Cập nhật lúc",
	Subscribe:      "Theo dõi bằng trình đọc tin",
	Children:       "Đơn vị trực thuộc",
	Sources:        "Nguồn tin",
	RecentStories:  "Tin gần đây (gồm đơn vị trực thuộc)",
	NoStories:      "Chưa có tin nào.",
	LastFetch:      "Lần lấy gần nhất",
	LastOK:         "Lần thành công gần nhất",
	NextFetch:      "Lần lấy tiếp theo",
	HTTPStatus:     "Mã HTTP",
	Failures:       "Số lần lỗi liên tiếp",
	FetchLog:       "%d lần lấy gần nhất",
	FetchAt:        "Thời điểm",
	Duration:       "Thời gian",
	Result:         "Kết quả",
	NotModified:    "không đổi (304)",
	NewUpdatedDup:  "%d mới, %d sửa, %d trùng",
	NoFetches:      "Chưa lấy lần nào.",
	BackToOverview: "Tất cả đơn vị",
	AllUnitsFeeds:  "Tin của mọi đơn vị",
	OPML:           "Danh sách nguồn (OPML)",
	API:            "API",
	PublishedBy:    "Đăng bởi",
	DateFormat:     "15:04 02/01/2006",
	JustNow:        "vừa xong",
	MinutesAgo:     "%d phút trước",
	HoursAgo:       "%d giờ trước",
	DaysAgo:        "%d ngày trước",
	MonthsAgo:      "%d tháng trước",
	YearsAgo:       "%d năm trước",
	MinutesLater:   "%d phút nữa",
	HoursLater:     "%d giờ nữa",
	DaysLater:      "%d ngày nữa",
	LastError:      "Lỗi gần nhất",
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
	DecimalComma: true,
}

// ago says how long before now t was, in whole units of the largest
// fitting size: "3 ngày trước"; or how long after, for a planned fetch.
func (l *labels) ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d <= -24*time.Hour:
		return fmt.Sprintf(l.DaysLater, int(-d/(24*time.Hour)))
	case d <= -time.Hour:
		return fmt.Sprintf(l.HoursLater, int(-d/time.Hour))
	case d <= -time.Minute:
		return fmt.Sprintf(l.MinutesLater, int(-d/time.Minute))
	case d < time.Minute:
		return l.JustNow
	case d < time.Hour:
		return fmt.Sprintf(l.MinutesAgo, int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf(l.HoursAgo, int(d/time.Hour))
	case d < 60*24*time.Hour:
		return fmt.Sprintf(l.DaysAgo, int(d/(24*time.Hour)))
	case d < 365*24*time.Hour:
		return fmt.Sprintf(l.MonthsAgo, int(d/(30*24*time.Hour)))
	}
	return fmt.Sprintf(l.YearsAgo, int(d/(365*24*time.Hour)))
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
