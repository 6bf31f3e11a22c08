package dev.mailtls.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static ZonedDateTime at(String text) {
        return ZonedDateTime.parse(text);
    }

    @Test
    void weekdayMorningsSkipTheWeekendInTheGroupsZone() {
        CronSchedule s = CronSchedule.parse("0 8 * * MON-FRI", BERLIN);
        // Friday 2026-11-27 09:00 Berlin: next is Monday 08:00 Berlin.
        ZonedDateTime next = s.next(at("2026-11-27T09:00:00+01:00[Europe/Berlin]"));
        assertThat(next).isEqualTo(at("2026-11-30T08:00:00+01:00[Europe/Berlin]"));
        // Given in UTC, the answer is the same instant.
        assertThat(s.next(at("2026-11-27T08:00:00Z[UTC]")).toInstant()).isEqualTo(next.toInstant());
    }

    @Test
    void theNextRunIsStrictlyAfterTheGivenTime() {
        CronSchedule s = CronSchedule.parse("0 8 * * *", BERLIN);
        ZonedDateTime eight = at("2026-11-30T08:00:00+01:00[Europe/Berlin]");
        assertThat(s.next(eight)).isEqualTo(eight.plusDays(1));
        assertThat(s.next(eight.minusSeconds(1))).isEqualTo(eight);
    }

    @Test
    void stepsListsAndRangesCombine() {
        CronSchedule s = CronSchedule.parse("*/15 9-10,14 * * *", ZoneId.of("UTC"));
        ZonedDateTime t = at("2026-11-30T10:50:00Z[UTC]");
        assertThat(s.next(t)).isEqualTo(at("2026-11-30T14:00:00Z[UTC]"));
        assertThat(s.next(at("2026-11-30T14:45:00Z[UTC]"))).isEqualTo(at("2026-12-01T09:00:00Z[UTC]"));
    }

    @Test
    void restrictedDayOfMonthAndDayOfWeekMatchEither() {
        // The 1st of the month, or any Sunday (0 and 7 both mean Sunday).
        CronSchedule s = CronSchedule.parse("30 6 1 * 7", ZoneId.of("UTC"));
        assertThat(s.next(at("2026-11-30T07:00:00Z[UTC]"))).isEqualTo(at("2026-12-01T06:30:00Z[UTC]"));
        assertThat(s.next(at("2026-12-01T07:00:00Z[UTC]"))).isEqualTo(at("2026-12-06T06:30:00Z[UTC]"));
    }

    @Test
    void aTimeSkippedByTheSpringJumpRunsAtTheFirstValidInstant() {
        CronSchedule s = CronSchedule.parse("30 2 * * *", BERLIN);
        ZonedDateTime next = s.next(at("2027-03-28T00:00:00+01:00[Europe/Berlin]"));
        assertThat(next.toInstant()).isEqualTo(at("2027-03-28T01:30:00Z[UTC]").toInstant());
    }

    @Test
    void monthNamesAndTheTwentyNinthOfFebruary() {
        CronSchedule s = CronSchedule.parse("0 0 29 FEB *", ZoneId.of("UTC"));
        assertThat(s.next(at("2026-11-30T00:00:00Z[UTC]"))).isEqualTo(at("2028-02-29T00:00:00Z[UTC]"));
    }

    @Test
    void badExpressionsNameTheFieldAndValue() {
        assertThatThrownBy(() -> CronSchedule.parse("0 8 * *", BERLIN)).hasMessageContaining("five fields");
        assertThatThrownBy(() -> CronSchedule.parse("61 8 * * *", BERLIN)).hasMessageContaining("minute must be 0-59");
        assertThatThrownBy(() -> CronSchedule.parse("0 8 * * FUN", BERLIN))
                .hasMessageContaining("'FUN' is not a valid day of week");
        assertThatThrownBy(() -> CronSchedule.parse("0 8 * * FRI-MON", BERLIN)).hasMessageContaining("backwards");
        assertThatThrownBy(() -> CronSchedule.parse("0 8 31 FEB *", BERLIN).next(at("2026-01-01T00:00:00Z[UTC]")))
                .hasMessageContaining("never runs");
    }
}
