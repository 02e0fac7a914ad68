public enum KithAnalyticsVersion { public static let value = 1 }
