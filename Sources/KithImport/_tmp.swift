public enum KithImportVersion { public static let value = 1 }
