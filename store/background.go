package store

import "context"

// background is a goroutine of the Store's that runs a job each time it
// is poked (one poke waiting is enough: the job sees everything before
// it), until it is closed. The WAL checkpoints and the search index run
// on one each, off the writer's goroutine.
type background struct {
	kick chan struct{}
	stop context.CancelFunc
	done chan struct{}
}

func startBackground(job func(context.Context)) *background {
	ctx, stop := context.WithCancel(context.Background())
	b := &background{kick: make(chan struct{}, 1), stop: stop, done: make(chan struct{})}
	go func() {
		defer close(b.done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-b.kick:
			}
			job(ctx)
		}
	}()
	return b
}

// poke asks for the job to run; a nil background ignores it.
func (b *background) poke() {
	if b == nil {
		return
	}
	select {
	case b.kick <- struct{}{}:
	default:
	}
}

// close stops the goroutine and waits for a job in progress.
func (b *background) close() {
	if b == nil {
		return
	}
	b.stop()
	<-b.done
}
