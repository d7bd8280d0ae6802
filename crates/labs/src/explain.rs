//! What a test measures, in one line, in Dutch, French and English: as a patient leaflet
//! says it, with no reading of anyone's result and no advice. The UI shows it above a
//! test's chart.

use dossier_api::{Language, labs::LabTopic};

/// One line on what tests of `topic` measure, in `language`.
pub fn explanation(topic: LabTopic, language: Language) -> &'static str {
    let [nl, fr, en] = lines(topic);
    match language {
        Language::Nl => nl,
        Language::Fr => fr,
        Language::En => en,
    }
}

/// NL, FR, EN. French puts a no-break space before ";".
fn lines(topic: LabTopic) -> [&'static str; 3] {
    use LabTopic as T;
    match topic {
        T::Haemoglobin => [
            "Hemoglobine is het eiwit in de rode bloedcellen dat zuurstof van de longen naar de rest van het lichaam vervoert.",
            "L’hémoglobine est la protéine des globules rouges qui transporte l’oxygène des poumons vers le reste du corps.",
            "Haemoglobin is the protein in red blood cells that carries oxygen from the lungs to the rest of the body.",
        ],
        T::Haematocrit => [
            "De hematocriet is het deel van het bloedvolume dat uit rode bloedcellen bestaat.",
            "L’hématocrite est la part du volume du sang occupée par les globules rouges.",
            "The haematocrit is the share of the blood’s volume taken up by red blood cells.",
        ],
        T::RedBloodCells => [
            "Dit telt de rode bloedcellen, die zuurstof door het lichaam vervoeren, in een hoeveelheid bloed.",
            "Ce test compte les globules rouges, qui transportent l’oxygène dans le corps, dans un volume de sang.",
            "This counts the red blood cells, which carry oxygen around the body, in a volume of blood.",
        ],
        T::WhiteBloodCells => [
            "Dit telt de witte bloedcellen, de cellen van het afweersysteem die infecties bestrijden.",
            "Ce test compte les globules blancs, les cellules du système immunitaire qui combattent les infections.",
            "This counts the white blood cells, the cells of the immune system that fight infections.",
        ],
        T::Platelets => [
            "Bloedplaatjes zijn kleine celdeeltjes in het bloed die het bloed helpen stollen als een bloedvat beschadigd is.",
            "Les plaquettes sont de petits fragments de cellules qui aident le sang à coaguler quand un vaisseau est abîmé.",
            "Platelets are small cell fragments in the blood that help it clot when a blood vessel is damaged.",
        ],
        T::Mcv => [
            "Het MCV is de gemiddelde grootte van de rode bloedcellen.",
            "Le VGM (volume globulaire moyen) est la taille moyenne des globules rouges.",
            "The MCV is the average size of the red blood cells.",
        ],
        T::Sodium => [
            "Natrium is een zout in het bloed dat de waterhuishouding van het lichaam mee regelt en zenuwen en spieren laat werken.",
            "Le sodium est un sel du sang qui aide à régler l’équilibre en eau du corps et permet aux nerfs et aux muscles de fonctionner.",
            "Sodium is a salt in the blood that helps keep the body’s water balance and lets nerves and muscles work.",
        ],
        T::Potassium => [
            "Kalium is een zout in het bloed dat zenuwen en spieren, ook de hartspier, nodig hebben om te werken.",
            "Le potassium est un sel du sang dont les nerfs et les muscles, y compris le muscle du cœur, ont besoin pour fonctionner.",
            "Potassium is a salt in the blood that nerves and muscles, including the heart muscle, need to work.",
        ],
        T::Chloride => [
            "Chloride is een zout in het bloed dat samen met natrium de water- en zuurhuishouding van het lichaam mee regelt.",
            "Le chlore est un sel du sang qui, avec le sodium, aide à régler l’équilibre en eau et en acide du corps.",
            "Chloride is a salt in the blood that, together with sodium, helps keep the body’s water and acid balance.",
        ],
        T::Calcium => [
            "Calcium is een mineraal dat botten en tanden opbouwt en nodig is voor spieren, zenuwen en de bloedstolling.",
            "Le calcium est un minéral qui construit les os et les dents et qui sert aux muscles, aux nerfs et à la coagulation du sang.",
            "Calcium is a mineral that builds bones and teeth and is needed for muscles, nerves and blood clotting.",
        ],
        T::Magnesium => [
            "Magnesium is een mineraal dat het lichaam nodig heeft voor spieren, zenuwen en veel van zijn scheikundige processen.",
            "Le magnésium est un minéral dont le corps a besoin pour les muscles, les nerfs et de nombreuses réactions chimiques.",
            "Magnesium is a mineral the body needs for muscles, nerves and many of its chemical reactions.",
        ],
        T::Phosphate => [
            "Fosfaat is een mineraal dat samen met calcium de botten opbouwt en dat cellen gebruiken om energie op te slaan.",
            "Le phosphate est un minéral qui construit les os avec le calcium et que les cellules utilisent pour stocker l’énergie.",
            "Phosphate is a mineral that builds bones together with calcium and that cells use to store energy.",
        ],
        T::Creatinine => [
            "Creatinine is een afvalstof van de spieren die de nieren uit het bloed halen; de waarde toont hoe goed de nieren filteren.",
            "La créatinine est un déchet des muscles que les reins retirent du sang\u{a0}; son taux montre comment les reins filtrent.",
            "Creatinine is a waste product of the muscles that the kidneys remove from the blood; it shows how well the kidneys filter.",
        ],
        T::Egfr => [
            "De eGFR is een schatting, berekend uit de creatinine, de leeftijd en het geslacht, van hoeveel bloed de nieren per minuut filteren.",
            "Le DFGe est une estimation, calculée à partir de la créatinine, de l’âge et du sexe, du volume de sang que les reins filtrent par minute.",
            "The eGFR is an estimate, calculated from creatinine, age and sex, of how much blood the kidneys filter each minute.",
        ],
        T::Urea => [
            "Ureum is een afvalstof van de afbraak van eiwitten, gemaakt door de lever en verwijderd door de nieren.",
            "L’urée est un déchet de la dégradation des protéines, produit par le foie et éliminé par les reins.",
            "Urea is a waste product of the breakdown of proteins, made by the liver and removed by the kidneys.",
        ],
        T::UreaNitrogen => [
            "Ureumstikstof (BUN) is de stikstof in ureum, een afvalstof van eiwitten die de nieren verwijderen.",
            "L’azote uréique (BUN) est l’azote de l’urée, un déchet des protéines que les reins éliminent.",
            "Urea nitrogen (BUN) is the nitrogen in urea, a waste product of proteins that the kidneys remove.",
        ],
        T::Alt => [
            "ALT is een enzym dat vooral in levercellen zit; het komt in het bloed als levercellen beschadigd raken.",
            "L’ALT est une enzyme présente surtout dans les cellules du foie\u{a0}; elle passe dans le sang quand ces cellules sont abîmées.",
            "ALT is an enzyme found mainly in liver cells; it passes into the blood when liver cells are damaged.",
        ],
        T::Ast => [
            "AST is een enzym van de lever, het hart en de spieren; het komt in het bloed als hun cellen beschadigd raken.",
            "L’AST est une enzyme du foie, du cœur et des muscles\u{a0}; elle passe dans le sang quand leurs cellules sont abîmées.",
            "AST is an enzyme of the liver, the heart and the muscles; it passes into the blood when their cells are damaged.",
        ],
        T::Ggt => [
            "GGT (gamma-GT) is een enzym van de lever en de galwegen.",
            "La GGT (gamma-GT) est une enzyme du foie et des voies biliaires.",
            "GGT (gamma-GT) is an enzyme of the liver and the bile ducts.",
        ],
        T::AlkalinePhosphatase => [
            "Alkalische fosfatase is een enzym dat vooral in de lever, de galwegen en de botten voorkomt.",
            "La phosphatase alcaline est une enzyme présente surtout dans le foie, les voies biliaires et les os.",
            "Alkaline phosphatase is an enzyme found mainly in the liver, the bile ducts and the bones.",
        ],
        T::Bilirubin => [
            "Bilirubine is een gele stof die ontstaat bij de afbraak van oude rode bloedcellen; de lever verwijdert ze via de gal.",
            "La bilirubine est une substance jaune issue de la destruction des vieux globules rouges\u{a0}; le foie l’élimine par la bile.",
            "Bilirubin is a yellow substance made when old red blood cells are broken down; the liver removes it through the bile.",
        ],
        T::Albumin => [
            "Albumine is het belangrijkste eiwit in het bloed, gemaakt door de lever; het vervoert stoffen en houdt vocht in de bloedvaten.",
            "L’albumine est la principale protéine du sang, fabriquée par le foie\u{a0}; elle transporte des substances et retient l’eau dans les vaisseaux.",
            "Albumin is the main protein in the blood, made by the liver; it carries substances and keeps fluid in the blood vessels.",
        ],
        T::TotalCholesterol => [
            "Totale cholesterol is alle cholesterol in het bloed, een vetstof die het lichaam gebruikt om cellen en sommige hormonen te maken.",
            "Le cholestérol total est tout le cholestérol du sang, une graisse que le corps utilise pour fabriquer ses cellules et certaines hormones.",
            "Total cholesterol is all the cholesterol in the blood, a fat the body uses to build cells and some hormones.",
        ],
        T::HdlCholesterol => [
            "HDL-cholesterol is de cholesterol die HDL-deeltjes van de weefsels terug naar de lever brengen.",
            "Le cholestérol HDL est le cholestérol que les particules HDL ramènent des tissus vers le foie.",
            "HDL cholesterol is the cholesterol that HDL particles carry from the tissues back to the liver.",
        ],
        T::LdlCholesterol => [
            "LDL-cholesterol is de cholesterol die LDL-deeltjes van de lever naar de weefsels brengen; het kan zich afzetten in de wand van bloedvaten.",
            "Le cholestérol LDL est le cholestérol que les particules LDL portent du foie vers les tissus\u{a0}; il peut se déposer dans la paroi des vaisseaux.",
            "LDL cholesterol is the cholesterol that LDL particles carry from the liver to the tissues; it can build up in the walls of blood vessels.",
        ],
        T::Triglycerides => [
            "Triglyceriden zijn de meest voorkomende vetten in het bloed; ze komen uit de voeding of de lever en slaan energie op.",
            "Les triglycérides sont les graisses les plus courantes du sang\u{a0}; ils viennent de l’alimentation ou du foie et stockent l’énergie.",
            "Triglycerides are the most common fats in the blood; they come from food or the liver and store energy.",
        ],
        T::Glucose => [
            "Glucose is de suiker in het bloed, de belangrijkste energiebron van het lichaam, op het moment van de bloedafname.",
            "Le glucose est le sucre du sang, la principale source d’énergie du corps, au moment de la prise de sang.",
            "Glucose is the sugar in the blood, the body’s main source of energy, at the moment the blood was taken.",
        ],
        T::Hba1c => [
            "HbA1c is het deel van de hemoglobine waaraan suiker vastzit; het weerspiegelt de gemiddelde bloedsuiker van de voorbije twee à drie maanden.",
            "L’HbA1c est la part de l’hémoglobine liée au sucre\u{a0}; elle reflète le taux moyen de sucre dans le sang des deux à trois derniers mois.",
            "HbA1c is the share of haemoglobin with sugar attached; it reflects the average blood sugar over the last two to three months.",
        ],
        T::Tsh => [
            "TSH is een hormoon van de hypofyse in de hersenen dat de schildklier aanzet om schildklierhormoon te maken.",
            "La TSH est une hormone de l’hypophyse, dans le cerveau, qui stimule la thyroïde à produire ses hormones.",
            "TSH is a hormone from the pituitary gland in the brain that prompts the thyroid gland to make thyroid hormone.",
        ],
        T::FreeT4 => [
            "Vrij T4 is het schildklierhormoon thyroxine dat vrij in het bloed zit en beschikbaar is voor de cellen van het lichaam.",
            "La T4 libre est la thyroxine, l’hormone de la thyroïde, libre dans le sang et disponible pour les cellules du corps.",
            "Free T4 is the thyroid hormone thyroxine that is free in the blood and available to the body’s cells.",
        ],
        T::Crp => [
            "CRP is een eiwit dat de lever maakt bij een ontsteking of infectie ergens in het lichaam.",
            "La CRP est une protéine que le foie fabrique en cas d’inflammation ou d’infection quelque part dans le corps.",
            "CRP is a protein the liver makes when there is inflammation or infection somewhere in the body.",
        ],
        T::VitaminD => [
            "Dit meet de voorraad vitamine D, die het lichaam onder invloed van zonlicht maakt en uit de voeding haalt, en die de botten nodig hebben.",
            "Ce test mesure la réserve de vitamine D, que le corps fabrique grâce au soleil et tire de l’alimentation, et dont les os ont besoin.",
            "This measures the body’s store of vitamin D, which it makes in sunlight and gets from food, and which the bones need.",
        ],
        T::Ferritin => [
            "Ferritine is het eiwit dat ijzer opslaat in het lichaam; de waarde weerspiegelt de ijzervoorraad.",
            "La ferritine est la protéine qui stocke le fer dans le corps\u{a0}; son taux reflète les réserves de fer.",
            "Ferritin is the protein that stores iron in the body; its level reflects the body’s iron stores.",
        ],
        T::Iron => [
            "Dit meet het ijzer in het bloed, dat het lichaam nodig heeft om hemoglobine te maken.",
            "Ce test mesure le fer dans le sang, dont le corps a besoin pour fabriquer l’hémoglobine.",
            "This measures the iron in the blood, which the body needs to make haemoglobin.",
        ],
        T::VitaminB12 => [
            "Vitamine B12 is een vitamine uit de voeding die het lichaam nodig heeft om rode bloedcellen te maken en voor de zenuwen.",
            "La vitamine B12 est une vitamine de l’alimentation dont le corps a besoin pour fabriquer les globules rouges et pour les nerfs.",
            "Vitamin B12 is a vitamin from food that the body needs to make red blood cells and for the nerves.",
        ],
        T::Folate => [
            "Foliumzuur (folaat) is een B-vitamine uit de voeding die het lichaam nodig heeft om nieuwe cellen te maken, ook rode bloedcellen.",
            "Les folates (acide folique) sont une vitamine B de l’alimentation dont le corps a besoin pour fabriquer de nouvelles cellules, dont les globules rouges.",
            "Folate (folic acid) is a B vitamin from food that the body needs to make new cells, red blood cells among them.",
        ],
        T::UricAcid => [
            "Urinezuur is een afvalstof van de afbraak van purines, stoffen uit het lichaam en uit sommige voedingsmiddelen; de nieren verwijderen het.",
            "L’acide urique est un déchet de la dégradation des purines, présentes dans le corps et dans certains aliments\u{a0}; les reins l’éliminent.",
            "Uric acid is a waste product of the breakdown of purines, substances from the body and from some foods; the kidneys remove it.",
        ],
        T::Inr => [
            "De INR toont hoe lang het bloed nodig heeft om te stollen, vergeleken met een standaard; ze wordt gebruikt om bloedverdunners op te volgen.",
            "L’INR indique le temps que met le sang à coaguler, comparé à une référence\u{a0}; il sert à suivre un traitement anticoagulant.",
            "The INR shows how long the blood takes to clot, compared with a standard; it is used to follow blood-thinning treatment.",
        ],
        T::Psa => [
            "PSA is een eiwit dat de prostaat aanmaakt.",
            "Le PSA est une protéine fabriquée par la prostate.",
            "PSA is a protein made by the prostate gland.",
        ],
        T::CreatineKinase => [
            "Creatinekinase (CK) is een enzym van de spieren, ook van het hart; het komt in het bloed als spiercellen beschadigd raken.",
            "La créatine kinase (CK) est une enzyme des muscles, dont le cœur\u{a0}; elle passe dans le sang quand des cellules musculaires sont abîmées.",
            "Creatine kinase (CK) is an enzyme of the muscles, the heart included; it passes into the blood when muscle cells are damaged.",
        ],
        T::Ldh => [
            "LDH is een enzym dat in bijna alle cellen van het lichaam zit; het komt in het bloed als cellen beschadigd raken.",
            "La LDH est une enzyme présente dans presque toutes les cellules du corps\u{a0}; elle passe dans le sang quand des cellules sont abîmées.",
            "LDH is an enzyme found in almost every cell of the body; it passes into the blood when cells are damaged.",
        ],
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_topic_has_one_line_in_every_language() {
        assert!(LabTopic::ALL.len() >= 40);
        for language in Language::ALL {
            let mut seen = HashSet::new();
            for topic in LabTopic::ALL {
                let line = explanation(topic, language);
                assert!(line.len() > 20, "{topic:?} {language:?}: {line:?}");
                assert!(line.ends_with('.'), "{topic:?} {language:?}: one sentence, ended");
                assert!(!line.contains('\n'), "{topic:?} {language:?}: one line");
                assert!(seen.insert(line), "{topic:?} {language:?}: said of another test too");
                assert!(line.chars().next().is_some_and(|c| !c.is_lowercase()), "{line}");
            }
        }
        // Each language its own: no line left in another language.
        for topic in LabTopic::ALL {
            let [nl, fr, en] = lines(topic);
            assert!(nl != fr && fr != en && nl != en, "{topic:?}");
        }
    }

    /// A leaflet line says what the test measures: nothing about what to do or what a
    /// value means.
    #[test]
    fn no_line_gives_advice() {
        let advice = [
            "should",
            "must",
            "consult",
            "ask",
            "doctor",
            "normal",
            "worry",
            "moet",
            "moeten",
            "raadpleeg",
            "vraag",
            "arts",
            "dokter",
            "normaal",
            "ongerust",
            "devez",
            "doit",
            "consultez",
            "demandez",
            "médecin",
            "normale",
            "inquiéter",
        ];
        for topic in LabTopic::ALL {
            for line in lines(topic) {
                let lower = line.to_lowercase();
                for word in lower.split(|c: char| !c.is_alphabetic()) {
                    assert!(!advice.contains(&word), "{topic:?}: {line:?} says {word:?}");
                }
            }
        }
    }

    #[test]
    fn french_puts_a_no_break_space_before_semicolons() {
        for topic in LabTopic::ALL {
            let [_, fr, _] = lines(topic);
            assert!(!fr.contains(" ;") && !fr.contains("’ "), "{fr}");
            if fr.contains(';') {
                assert!(fr.contains("\u{a0};"), "{fr}");
            }
        }
    }
}
