/**
 * Operating vicisync: {@code status}, the Nagios {@code check}, and {@code doctor}. They read the
 * state directory, the database and the receiver, and never change any of them, so they can run at
 * any time beside cron's runs without taking the lock.
 */
package io.vicisync.ops;
