package bantin

import "time"

// UnitItem is one item a unit published, as staff see it on the unit's
// page: which of its sources carried it and which units carried the same
// story.
type UnitItem struct {
	Title     string
	Link      string
	Published time.Time
	Source    string   // URL of the source that carried it
	Story     string   // id of its story
	Units     []string // every unit that published the story, first publisher first
}

// MonthCount is how many items one source of one unit published in one
// calendar month, for the report staff send upward.
type MonthCount struct {
	Month  string // "2006-01", in the configured zone
	Unit   string // current id of the unit that published them
	Source string // URL of the source that carried them
	Items  int
}

// StoreTotals are the sizes of the store, for metrics.
type StoreTotals struct {
	Items   int // every copy of every article from every source
	Stories int // what readers see: items merged across sources
}
