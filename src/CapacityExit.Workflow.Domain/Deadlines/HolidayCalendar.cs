namespace CapacityExit.Workflow.Domain.Deadlines;

/// <summary>
/// The project's own calendar of public holidays and make-up working days, one State Council notice a year.
/// A year not in it is not guessed: asking about it throws <see cref="YearNotCoveredException"/>.
/// </summary>
public sealed class HolidayCalendar
{
    private readonly Dictionary<DateOnly, (DayKind Kind, string Name)> _days = new();
    private readonly HashSet<int> _covered;
    private readonly HashSet<int> _provisional = [];

    internal HolidayCalendar(IReadOnlyList<string> preamble, IEnumerable<CalendarYear> years)
    {
        Preamble = preamble;
        Years = years.OrderBy(y => y.Year).ToList();
        _covered = Years.Select(y => y.Year).ToHashSet();
        foreach (var holiday in Years.SelectMany(y => y.Holidays))
        {
            foreach (var day in holiday.DaysOff())
            {
                _days[day] = (DayKind.PublicHoliday, holiday.Name);
            }

            foreach (var day in holiday.MakeUpWorkingDays)
            {
                _days[day] = (DayKind.MakeUpWorkingDay, holiday.Name);
            }
        }
    }

    /// <summary>The comment lines at the top of the file, before the first year.</summary>
    public IReadOnlyList<string> Preamble { get; }

    public IReadOnlyList<CalendarYear> Years { get; }

    public IReadOnlyCollection<int> CoveredYears => Years.Select(y => y.Year).ToList();

    public static HolidayCalendar Parse(string text, string sourceName) => HolidayCalendarParser.Parse(text, sourceName);

    public bool Covers(int year) => _covered.Contains(year);

    /// <summary>Years answered provisionally (see <see cref="WithProvisionalYears"/>); empty for a calendar read from its file.</summary>
    public IReadOnlyCollection<int> ProvisionalYears => _provisional;

    public bool IsProvisional(int year) => _provisional.Contains(year);

    /// <summary>
    /// The same calendar, but answering for the <paramref name="count"/> years after the last covered one by the
    /// ordinary rule alone (weekends rest, weekdays work, no holidays). For the case workflows only: a case found
    /// in November has its six-month deadline in a year whose arrangement the State Council has not published yet,
    /// and the case cannot wait. Whoever uses it must say the result is provisional (DOMAIN.md: never silently);
    /// the strict calendar, the calculus and the deadline command keep refusing such years.
    /// </summary>
    public HolidayCalendar WithProvisionalYears(int count)
    {
        var provisional = new HolidayCalendar(Preamble, Years);
        var last = _covered.Count == 0 ? 0 : _covered.Max();
        for (var year = last + 1; year <= last + count; year++)
        {
            provisional._provisional.Add(year);
        }

        return provisional;
    }

    public CalendarYear? Year(int year) => Years.FirstOrDefault(y => y.Year == year);

    public DayKind Classify(DateOnly date)
    {
        EnsureCovered(date);
        if (_days.TryGetValue(date, out var listed))
        {
            return listed.Kind;
        }

        return date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? DayKind.Weekend : DayKind.WorkingDay;
    }

    /// <summary>The holiday a day off belongs to, or the holiday a make-up working day compensates; null otherwise.</summary>
    public string? HolidayName(DateOnly date)
    {
        EnsureCovered(date);
        return _days.TryGetValue(date, out var listed) ? listed.Name : null;
    }

    /// <summary>法定休假日: an ordinary weekend day or a public holiday (民法典第二百零三条). A make-up day is not one.</summary>
    public bool IsRestDay(DateOnly date) => Classify(date) is DayKind.Weekend or DayKind.PublicHoliday;

    public bool IsWorkingDay(DateOnly date) => !IsRestDay(date);

    /// <summary>
    /// n &gt; 0: the n-th working day after <paramref name="date"/>; n &lt; 0: the |n|-th working day before it;
    /// n = 0: the date itself. Make-up days count as working days (行政许可法第八十二条: 以工作日计算，不含法定节假日).
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly date, int n)
    {
        var step = Math.Sign(n);
        var remaining = Math.Abs(n);
        var day = date;
        while (remaining > 0)
        {
            day = day.AddDays(step);
            if (IsWorkingDay(day))
            {
                remaining--;
            }
        }

        return day;
    }

    public string Serialize() => HolidayCalendarWriter.Write(this);

    /// <summary>A new calendar with <paramref name="year"/> added (or replaced), checked like a file is.</summary>
    public HolidayCalendar WithYear(int year, string noticeTitle, IEnumerable<HolidayArrangement> holidays)
    {
        var source = $"{year}年安排 (arrangement for {year})";
        if (string.IsNullOrWhiteSpace(noticeTitle))
        {
            throw new CalendarFormatException(source, 0, "the notice title is empty");
        }

        var added = new CalendarYear(year, noticeTitle.Trim(), holidays.ToList(), Year(year)?.Comments ?? []);
        var years = Years.Where(y => y.Year != year).Append(added).OrderBy(y => y.Year).ToList();
        CalendarValidator.Validate(years, source, _ => 0);
        return new HolidayCalendar(Preamble, years);
    }

    private void EnsureCovered(DateOnly date)
    {
        if (!_covered.Contains(date.Year) && !_provisional.Contains(date.Year))
        {
            throw new YearNotCoveredException(date.Year, date);
        }
    }
}
