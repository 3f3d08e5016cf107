package liaison

import "time"

// TAXIICursor is where a pull from an external TAXII 2.1 server's
// collection stopped (issue 7 item 5): what to send on the next Get
// Objects request (TAXII 2.1 section 5.4) so that nothing is lost nor
// fetched twice. A node stores it in the transaction that stores the
// objects it covers.
type TAXIICursor struct {
	// Server is the API root's URL, with its trailing slash.
	Server string
	// Collection is the remote collection's id.
	Collection string
	// AddedAfter is the added_after of the current run of pages (section
	// 3.4: next is valid with the query it came with), "" for none.
	AddedAfter string
	// Next is the server's next value to send with AddedAfter, "" to
	// start a run of pages.
	Next string
	// Last is the latest X-TAXII-Date-Added-Last seen (section 3.4.1), as
	// the server wrote it, "" before any.
	Last string
	// Objects counts the objects received through this cursor.
	Objects int64
	// Updated is when the cursor last moved.
	Updated time.Time
}
