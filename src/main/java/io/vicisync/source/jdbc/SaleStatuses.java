package io.vicisync.source.jdbc;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which dispositions VICIdial counts as a sale: {@code sale = 'Y'} in {@code vicidial_statuses}
 * (system-wide) and in {@code vicidial_campaign_statuses} (per campaign), as its own reports count
 * them. Both are small configuration tables, read whole once.
 */
public final class SaleStatuses {
  static final String SYSTEM = "vicidial_statuses";
  static final String CAMPAIGN = "vicidial_campaign_statuses";

  private final Set<String> system;
  private final Set<String> byCampaign;

  private SaleStatuses(Set<String> system, Set<String> byCampaign) {
    this.system = system;
    this.byCampaign = byCampaign;
  }

  /** The sale statuses; empty when neither table can be read (then no call counts as a sale). */
  public static SaleStatuses read(VicidialSource db) {
    Set<String> system = new HashSet<>();
    Set<String> byCampaign = new HashSet<>();
    try {
      for (String s :
          db.select(
              "SELECT status FROM " + SYSTEM + " WHERE sale = 'Y'",
              List.of(),
              rs -> rs.getString(1))) {
        system.add(s);
      }
    } catch (SQLException e) {
      // no grant or no table: the campaign statuses may still say
    }
    try {
      for (String s :
          db.select(
              "SELECT campaign_id, status FROM " + CAMPAIGN + " WHERE sale = 'Y'",
              List.of(),
              rs -> rs.getString(1) + "\u0000" + rs.getString(2))) {
        byCampaign.add(s);
      }
    } catch (SQLException e) {
      // as above
    }
    return new SaleStatuses(system, byCampaign);
  }

  /** Whether {@code status} is a sale, for a call of {@code campaign}. */
  public boolean isSale(String campaign, String status) {
    return status != null
        && (system.contains(status) || byCampaign.contains(campaign + "\u0000" + status));
  }
}
