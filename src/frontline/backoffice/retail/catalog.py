"""The invented product catalog of the demo retail store.

Every product type, option and price here is our own: the generator turns each
`ProductType` into a product with several priced variants (see `generator.py`).
A variant's price is `base_price` plus the price delta of each chosen option value,
give or take a few percent, so a king duvet costs more than a twin one.
"""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class OptionDimension:
    """One way a product varies, e.g. `size`, with each value's price delta in dollars."""

    name: str
    values: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class ProductType:
    """A kind of product the store sells; its variants are drawn from `options`."""

    name: str
    department: str
    base_price: float
    options: tuple[OptionDimension, ...]


def _product(
    name: str, department: str, base_price: float, options: Mapping[str, Mapping[str, float]]
) -> ProductType:
    dimensions = tuple(
        OptionDimension(option, tuple(values.items())) for option, values in options.items()
    )
    return ProductType(name, department, base_price, dimensions)


def _same_price(*values: str) -> dict[str, float]:
    """Option values that do not change the price (colours, sizes of a garment)."""
    return dict.fromkeys(values, 0.0)


_APPAREL_SIZES = _same_price("XS", "S", "M", "L", "XL", "XXL")

PRODUCT_TYPES: tuple[ProductType, ...] = (
    # home
    _product(
        "Floor Lamp",
        "home",
        79.0,
        {
            "finish": {"matte black": 0, "brushed brass": 25, "white": 0, "walnut": 18},
            "shade": {"linen drum": 0, "glass globe": 15, "paper lantern": -6},
            "bulb": {"warm white LED": 0, "smart color LED": 22},
        },
    ),
    _product(
        "Table Lamp",
        "home",
        39.0,
        {
            "base": {"ceramic": 8, "marble": 24, "oak": 5, "metal": 0},
            "color": _same_price("white", "sage green", "terracotta", "black"),
            "switch": {"pull chain": 0, "touch dimmer": 12},
        },
    ),
    _product(
        "Throw Blanket",
        "home",
        45.0,
        {
            "material": {"cotton": 0, "wool": 35, "faux fur": 15, "fleece": -10},
            "color": _same_price("oatmeal", "charcoal", "rust", "navy", "forest green"),
            "size": {"50x60 in": 0, "60x80 in": 18},
        },
    ),
    _product(
        "Duvet Cover",
        "home",
        69.0,
        {
            "bed size": {"twin": -15, "full/queen": 0, "king": 20},
            "material": {"percale cotton": 0, "linen": 55, "sateen": 15},
            "color": _same_price("white", "stone", "dusty blue", "blush"),
        },
    ),
    _product(
        "Area Rug",
        "home",
        129.0,
        {
            "size": {"2x3 ft": -85, "5x8 ft": 0, "8x10 ft": 140, "9x12 ft": 260},
            "pattern": {"medallion": 30, "geometric": 0, "solid": -15, "shag": 10},
            "material": {"wool": 80, "polypropylene": 0, "jute": 20},
        },
    ),
    _product(
        "Bath Towel Set",
        "home",
        39.0,
        {
            "pieces": {"4 piece": 0, "6 piece": 15, "8 piece": 28},
            "material": {"turkish cotton": 10, "bamboo": 12, "cotton": 0},
            "color": _same_price("white", "gray", "seafoam", "navy"),
        },
    ),
    _product(
        "Memory Foam Pillow",
        "home",
        49.0,
        {
            "firmness": {"soft": 0, "medium": 0, "firm": 5},
            "size": {"standard": 0, "queen": 8, "king": 15},
            "cover": {"cotton": 0, "bamboo rayon": 6, "cooling gel": 14},
        },
    ),
    _product(
        "Standing Desk",
        "home",
        349.0,
        {
            "top size": {"48x24 in": 0, "55x28 in": 60, "63x30 in": 120},
            "top finish": {"white": 0, "oak": 40, "walnut": 70, "black": 0},
            "motor": {"single": 0, "dual": 110},
        },
    ),
    _product(
        "Shoe Rack",
        "home",
        35.0,
        {
            "tiers": {"3": 0, "4": 10, "5": 22},
            "material": {"bamboo": 5, "metal": 0, "pine": 12},
        },
    ),
    _product(
        "Ceramic Planter",
        "home",
        24.0,
        {
            "diameter": {"6 inch": 0, "8 inch": 8, "10 inch": 16, "12 inch": 28},
            "glaze": _same_price("speckled white", "matte black", "celadon", "terracotta"),
            "drainage": {"with saucer": 4, "no hole": 0},
        },
    ),
    # electronics
    _product(
        "Soundbar",
        "electronics",
        199.0,
        {
            "channels": {"2.0": 0, "2.1": 80, "5.1": 220},
            "connectivity": {"bluetooth": 0, "wifi and bluetooth": 60},
            "color": _same_price("black", "white"),
        },
    ),
    _product(
        "Streaming Stick",
        "electronics",
        39.0,
        {
            "resolution": {"1080p": 0, "4K": 20},
            "remote": {"basic": 0, "voice": 10},
            "storage": {"8GB": 0, "16GB": 12},
        },
    ),
    _product(
        "Portable Projector",
        "electronics",
        299.0,
        {
            "brightness": {"300 lumens": 0, "600 lumens": 120, "1000 lumens": 260},
            "resolution": {"720p": 0, "1080p": 90},
            "battery": {"none": 0, "built-in": 60},
        },
    ),
    _product(
        "Webcam",
        "electronics",
        59.0,
        {
            "resolution": {"720p": -20, "1080p": 0, "4K": 90},
            "field of view": {"65 degrees": 0, "90 degrees": 15},
            "microphone": {"mono": 0, "stereo": 10},
        },
    ),
    _product(
        "USB-C Hub",
        "electronics",
        29.0,
        {
            "ports": {"4-in-1": 0, "7-in-1": 15, "10-in-1": 35},
            "color": _same_price("space gray", "silver"),
            "power delivery": {"60W": 0, "100W": 12},
        },
    ),
    _product(
        "Smart Doorbell",
        "electronics",
        129.0,
        {
            "resolution": {"1080p": 0, "2K": 40},
            "power": {"battery": 0, "wired": -10},
            "color": _same_price("satin nickel", "black", "bronze"),
        },
    ),
    _product(
        "Fitness Tracker",
        "electronics",
        79.0,
        {
            "color": _same_price("black", "lavender", "slate", "coral"),
            "band size": _same_price("S", "M", "L"),
            "GPS": {"no": 0, "yes": 50},
        },
    ),
    _product(
        "Computer Monitor",
        "electronics",
        199.0,
        {
            "screen size": {"24 inch": 0, "27 inch": 80, "32 inch": 190},
            "resolution": {"1080p": 0, "1440p": 90, "4K": 210},
            "refresh rate": {"60Hz": 0, "144Hz": 70},
            "panel": {"IPS": 20, "VA": 0},
        },
    ),
    _product(
        "Electric Shaver",
        "electronics",
        89.0,
        {
            "head": {"foil": 0, "rotary": 15},
            "use": {"dry": 0, "wet and dry": 25},
            "cleaning station": {"no": 0, "yes": 40},
        },
    ),
    # kitchen
    _product(
        "Chef's Knife",
        "kitchen",
        59.0,
        {
            "blade length": {"6 inch": -10, "8 inch": 0, "10 inch": 15},
            "steel": {"German stainless": 0, "Japanese VG-10": 60, "carbon": 35},
            "handle": {"polymer": 0, "pakkawood": 10, "olive wood": 20},
        },
    ),
    _product(
        "Cast Iron Skillet",
        "kitchen",
        29.0,
        {
            "diameter": {"8 inch": -8, "10 inch": 0, "12 inch": 14},
            "finish": {"pre-seasoned": 0, "enameled": 45},
            "handle": {"standard": 0, "with helper handle": 6},
        },
    ),
    _product(
        "Stand Mixer",
        "kitchen",
        279.0,
        {
            "bowl size": {"4.5 qt": 0, "5 qt": 40, "6 qt": 90},
            "color": _same_price("empire red", "matte white", "pistachio", "onyx black"),
            "attachments": {"basic": 0, "pasta and grinder": 110},
        },
    ),
    _product(
        "Air Fryer",
        "kitchen",
        89.0,
        {
            "capacity": {"4 qt": 0, "6 qt": 30, "8 qt dual basket": 80},
            "color": _same_price("black", "white", "stainless"),
            "controls": {"dial": 0, "digital": 20},
        },
    ),
    _product(
        "Blender",
        "kitchen",
        69.0,
        {
            "power": {"700W": 0, "1200W": 60, "1500W": 120},
            "jar": {"plastic": 0, "glass": 20},
            "color": _same_price("black", "red", "brushed steel"),
        },
    ),
    _product(
        "Cookware Set",
        "kitchen",
        149.0,
        {
            "pieces": {"5 piece": 0, "10 piece": 120, "12 piece": 180},
            "material": {"nonstick aluminum": 0, "stainless steel": 40, "copper core": 200},
            "lids": {"glass": 0, "stainless": 10},
        },
    ),
    _product(
        "French Press",
        "kitchen",
        29.0,
        {
            "capacity": {"12 oz": -5, "34 oz": 0, "51 oz": 10},
            "material": {"glass": 0, "stainless steel": 20, "ceramic": 15},
            "color": _same_price("black", "copper", "white"),
        },
    ),
    _product(
        "Food Storage Set",
        "kitchen",
        25.0,
        {
            "pieces": {"10 piece": 0, "18 piece": 15, "24 piece": 25},
            "material": {"BPA-free plastic": 0, "glass": 20},
            "lids": {"snap lock": 0, "bamboo": 10},
        },
    ),
    # apparel
    _product(
        "Rain Jacket",
        "apparel",
        89.0,
        {
            "size": _APPAREL_SIZES,
            "color": _same_price("yellow", "olive", "navy", "black", "red"),
            "hood": {"packable": 0, "fixed": -5},
        },
    ),
    _product(
        "Denim Jeans",
        "apparel",
        59.0,
        {
            "waist": _same_price("28", "30", "32", "34", "36", "38"),
            "inseam": _same_price("30", "32", "34"),
            "fit": _same_price("slim", "straight", "relaxed"),
            "wash": _same_price("dark indigo", "light", "black"),
        },
    ),
    _product(
        "Wool Sweater",
        "apparel",
        79.0,
        {
            "size": _same_price("S", "M", "L", "XL"),
            "color": _same_price("cream", "heather gray", "burgundy", "camel"),
            "neckline": {"crew": 0, "v-neck": 0, "turtleneck": 8},
            "material": {"lambswool": 0, "merino": 20, "cashmere blend": 60},
        },
    ),
    _product(
        "Hooded Sweatshirt",
        "apparel",
        45.0,
        {
            "size": _APPAREL_SIZES,
            "color": _same_price("ash", "black", "maroon", "royal blue"),
            "fit": _same_price("classic", "oversized"),
        },
    ),
    _product(
        "Leather Belt",
        "apparel",
        35.0,
        {
            "waist size": _same_price("30", "32", "34", "36", "38", "40"),
            "color": _same_price("black", "cognac", "dark brown"),
            "buckle": {"silver": 0, "brass": 5, "matte black": 5},
        },
    ),
    _product(
        "Rain Boots",
        "apparel",
        49.0,
        {
            "size": _same_price("6", "7", "8", "9", "10", "11", "12"),
            "height": {"ankle": -10, "mid-calf": 0, "knee-high": 15},
            "color": _same_price("black", "hunter green", "navy", "mustard"),
        },
    ),
    # outdoor
    _product(
        "Camping Tent",
        "outdoor",
        149.0,
        {
            "capacity": {"2-person": 0, "4-person": 80, "6-person": 170},
            "season": {"3-season": 0, "4-season": 140},
            "color": _same_price("green", "orange", "gray"),
        },
    ),
    _product(
        "Sleeping Bag",
        "outdoor",
        69.0,
        {
            "temperature rating": {"50°F": 0, "30°F": 35, "15°F": 80},
            "fill": {"synthetic": 0, "down": 110},
            "length": {"regular": 0, "long": 15},
        },
    ),
    _product(
        "Hammock",
        "outdoor",
        39.0,
        {
            "size": {"single": 0, "double": 15},
            "material": {"parachute nylon": 0, "cotton rope": 20},
            "straps": {"not included": 0, "included": 6},
        },
    ),
    _product(
        "Camping Stove",
        "outdoor",
        45.0,
        {
            "burners": {"1": 0, "2": 55},
            "fuel": {"propane": 0, "butane": -5, "multi-fuel": 70},
            "ignition": {"manual": 0, "piezo": 8},
        },
    ),
    _product(
        "Trekking Poles",
        "outdoor",
        39.0,
        {
            "material": {"aluminum": 0, "carbon fiber": 50},
            "lock": {"twist": -5, "flip": 0},
            "grip": {"foam": 0, "cork": 12},
        },
    ),
    _product(
        "Cooler",
        "outdoor",
        59.0,
        {
            "capacity": {"25 qt": 0, "45 qt": 60, "65 qt": 120},
            "type": {"hard-sided": 0, "soft-sided": -10},
            "color": _same_price("white", "tan", "navy", "sage"),
        },
    ),
)
