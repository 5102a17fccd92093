package dedup

import "fmt"

// explain shows why SameStory decided as it did, for test logs.
func explain(a, b []byte) string {
	sa, err := decode(a)
	if err != nil {
		return err.Error()
	}
	sb, err := decode(b)
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("J=%.2f salient %d/%d containment %.2f", jaccard(&sa.sketch, &sb.sketch),
		sa.salient.size, sb.salient.size, containment(sa.salient, sb.salient))
}
