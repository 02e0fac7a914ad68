public enum KithExportVersion { public static let value = 1 }
