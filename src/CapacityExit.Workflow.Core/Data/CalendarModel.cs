using CapacityExit.Workflow.Core.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Data;

/// <summary>Mapping of the holiday-arrival record and the calendar-feed tokens (issue 18: Calendar/YearArrival, Agenda/).</summary>
internal static class CalendarModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<CalendarYearArrival>(e =>
        {
            e.ToTable("calendar_year_arrivals");
            e.Property(x => x.Notice).HasMaxLength(200);
            e.Property(x => x.AppliedBy).HasMaxLength(100);
            e.HasIndex(x => x.Year);
        });

        b.Entity<CalendarFeedToken>(e =>
        {
            e.ToTable("calendar_feed_tokens");
            e.HasKey(x => x.PersonId);
            e.Property(x => x.TokenHash).HasMaxLength(64).IsFixedLength();
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
