/// Perceived gender of a voice, as CosyVoice's speaker ids name it (`中文女` female, `中文男` male).
public enum Gender: String, Sendable, Codable, CaseIterable {
    case female
    case male
}
