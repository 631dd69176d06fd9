namespace Personalization.Cli.Import;

/// <summary>The running counts of one import, shared by the reader and the senders.</summary>
internal sealed class ImportTally(int problemsKept, TimeProvider time)
{
    private readonly object gate = new();
    private readonly long startedAt = time.GetTimestamp();

    // The kept problems are the first by line; the queue's top is the latest kept, the first to give way.
    private readonly PriorityQueue<ImportProblem, long> firstProblems = new(Comparer<long>.Create((a, b) => b.CompareTo(a)));
    private readonly List<FailedBatch> failedBatches = [];
    private long linesRead;
    private long invalid;
    private long eventsSent;
    private long accepted;
    private long duplicates;
    private long rejected;
    private long failedEvents;
    private long retries;

    public void LineRead()
    {
        lock (gate)
        {
            linesRead++;
        }
    }

    public void Invalid(long line, string reason)
    {
        lock (gate)
        {
            invalid++;
            Keep(new ImportProblem(line, reason));
        }
    }

    public void Sending(EventBatch batch)
    {
        lock (gate)
        {
            eventsSent += batch.Lines.Length;
        }
    }

    public void Answered(int acceptedCount, int duplicateCount, IEnumerable<ImportProblem> rejections)
    {
        lock (gate)
        {
            accepted += acceptedCount;
            duplicates += duplicateCount;
            foreach (var problem in rejections)
            {
                rejected++;
                Keep(problem);
            }
        }
    }

    public void Retrying()
    {
        lock (gate)
        {
            retries++;
        }
    }

    public void Failed(EventBatch batch, int attempts, string reason)
    {
        lock (gate)
        {
            failedEvents += batch.Lines.Length;
            failedBatches.Add(new FailedBatch(batch.Lines[0], batch.Lines[^1], batch.Lines.Length, attempts, reason));
        }
    }

    public ImportProgress Progress()
    {
        lock (gate)
        {
            return new ImportProgress(linesRead, invalid, eventsSent, accepted, duplicates, rejected, failedBatches.Count, failedEvents, retries, time.GetElapsedTime(startedAt));
        }
    }

    public ImportSummary Summary(bool dryRun)
    {
        lock (gate)
        {
            return new ImportSummary(
                Progress(),
                dryRun,
                [.. firstProblems.UnorderedItems.Select(p => p.Element).OrderBy(p => p.Line)],
                [.. failedBatches.OrderBy(b => b.FirstLine)]);
        }
    }

    private void Keep(ImportProblem problem)
    {
        if (problemsKept == 0)
        {
            return;
        }

        if (firstProblems.Count < problemsKept)
        {
            firstProblems.Enqueue(problem, problem.Line);
        }
        else if (problem.Line < firstProblems.Peek().Line)
        {
            firstProblems.EnqueueDequeue(problem, problem.Line);
        }
    }
}
