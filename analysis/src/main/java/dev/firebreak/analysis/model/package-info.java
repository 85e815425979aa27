/**
 * The domain model: plain records and enums with no Jackson, HTTP or JDBC types, so that every
 * module can share them and the algorithms can be tested without infrastructure.
 */
package dev.firebreak.analysis.model;
